package io.sluice.edge.http;

import io.sluice.rpc.tls.ServerTls;
import java.time.Duration;
import java.util.List;

/**
 * The {@code http} source's settings.
 *
 * @param bind {@code bind} (0.0.0.0)
 * @param port {@code port}: 1..65535, or 0 for an ephemeral port (tests)
 * @param handler {@code handler} and {@code handler.*}
 * @param tls null without {@code ssl = true}
 * @param tlsFromGlobals TLS values taken from Flume's global settings, for one log line
 * @param maxRequestBytes {@code maxRequestBytes}: the largest body accepted; more is answered 413
 * @param maxBufferedRequestBytes {@code maxBufferedRequestBytes}, at least {@code maxRequestBytes}:
 *     the bytes of bodies still arriving that all connections may hold; more is answered 503
 * @param maxConnections {@code max-connections}: connections beyond this are closed on accept
 * @param idleTimeout {@code idle-timeout}: a connection with no request in progress and no traffic
 *     for this long is closed; zero disables
 * @param threads {@code threads}: threads for the requests that may wait
 * @param retryAfterSeconds {@code retryAfterSeconds}: the {@code Retry-After} of a 503
 * @param ignoredKeys Jetty pass-through keys given, accepted and ignored
 */
public record HttpSourceConfig(String bind, int port, HandlerSpec handler, ServerTls tls,
    List<String> tlsFromGlobals, int maxRequestBytes, long maxBufferedRequestBytes,
    int maxConnections, Duration idleTimeout,
    int threads, int retryAfterSeconds, List<String> ignoredKeys) {
  public HttpSourceConfig {
    tlsFromGlobals = List.copyOf(tlsFromGlobals);
    ignoredKeys = List.copyOf(ignoredKeys);
  }
}
