package io.sluice.edge.syslog;

/**
 * The {@code netcatudp} source's settings.
 *
 * @param bind {@code bind}: address to listen on; null listens on every address (Flume's default)
 * @param port {@code port}: 0 picks a free port (tests)
 * @param remoteAddressHeader {@code remoteAddressHeader} (or {@code remoteAddress}, the name
 *     Flume 1.11's code reads): header for the sender's {@code /ip:port}, or null for none
 */
public record NetcatUdpSourceConfig(String bind, int port, String remoteAddressHeader) {}
