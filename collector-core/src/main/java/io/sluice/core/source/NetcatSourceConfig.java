package io.sluice.core.source;

/**
 * The {@code netcat} source's settings.
 *
 * @param bind {@code bind}: the address to listen on
 * @param port {@code port}: 1..65535, or 0 for an ephemeral port (tests)
 * @param maxLineLength {@code max-line-length} (512): longest line body in bytes, newline excluded
 * @param ackEveryEvent {@code ack-every-event} (true): reply "OK" (or "FAILED: ...") per line
 */
public record NetcatSourceConfig(String bind, int port, int maxLineLength, boolean ackEveryEvent) {}
