package io.sluice.core.source;

import java.time.Duration;

/**
 * The {@code netcat} source's settings.
 *
 * @param bind {@code bind}: the address to listen on
 * @param port {@code port}: 1..65535, or 0 for an ephemeral port (tests)
 * @param maxLineLength {@code max-line-length} (512): longest line body in bytes, newline excluded
 * @param ackEveryEvent {@code ack-every-event} (true): reply "OK" (or "FAILED: ...") per line
 * @param maxConnections {@code max-connections}: more connections are closed on accept
 * @param maxConnectionsPerPeer {@code max-connections-per-peer}: more from one address are closed
 * @param idleTimeout {@code idle-timeout}: a connection that sends no complete line for this long
 *     is closed
 */
public record NetcatSourceConfig(String bind, int port, int maxLineLength, boolean ackEveryEvent,
    int maxConnections, int maxConnectionsPerPeer, Duration idleTimeout) {}
