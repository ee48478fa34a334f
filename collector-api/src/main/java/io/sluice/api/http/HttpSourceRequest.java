package io.sluice.api.http;

import java.io.InputStream;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLSession;

/**
 * One complete HTTP request as a {@link HttpSourceHandler} sees it. Valid only during {@link
 * HttpSourceHandler#getEvents}; not thread-safe.
 */
public interface HttpSourceRequest {

  /**
   * {@code POST}, or {@code GET} or {@code HEAD} for a handler that {@linkplain
   * HttpSourceHandler#takesGet takes them} (the source answers every other method with 405 before a
   * handler runs).
   */
  String method();

  /** The request target as sent, e.g. {@code /events?source=web}. */
  String uri();

  /** The query string's parameters, decoded, in order. */
  Map<String, List<String>> queryParameters();

  /** The first value of a request header (case-insensitive name), or null. */
  String header(String name);

  /** Every value of a request header (case-insensitive name), in order; empty when it has none. */
  default List<String> headers(String name) {
    String v = header(name);
    return v == null ? List.of() : List.of(v);
  }

  /** The names of the request's headers as sent, each spelling once, in the order they came. */
  default List<String> headerNames() {
    return List.of();
  }

  /** {@code HTTP/1.1} or {@code HTTP/1.0}. */
  default String protocol() {
    return "HTTP/1.1";
  }

  /** The client's end of the connection, or null when not known. */
  default InetSocketAddress remoteAddress() {
    return null;
  }

  /** The address and port the request came in on, or null when not known. */
  default InetSocketAddress localAddress() {
    return null;
  }

  /** Whether the request came over TLS. */
  default boolean secure() {
    return false;
  }

  /** The TLS session the request came over (its cipher suite, the client's certificates), or null. */
  default SSLSession sslSession() {
    return null;
  }

  /** The {@code charset} parameter of {@code Content-Type}, or null when the request has none. */
  String charset();

  /** The body's length in bytes. */
  int bodyLength();

  /**
   * The {@code Content-Length} the client sent, or -1 when it sent none (a chunked body, or a
   * request without one); the default is {@link #bodyLength()}.
   */
  default long contentLength() {
    return bodyLength();
  }

  /** The body; each call returns a new stream from the start. Closing it is optional. */
  InputStream body();
}
