/**
 * Flume's syslog sources ({@code syslogtcp}, {@code multiport_syslogtcp}, {@code syslogudp}) on
 * Netty: RFC 5424 and RFC 3164 parsing with Flume's headers, RFC 6587 octet counting next to
 * LF-delimited framing, TLS, backpressure on TCP instead of drops, whole 64 KiB datagrams and
 * counted drops on UDP. Also Flume's {@code netcatudp} (one datagram, one event), which shares the
 * UDP receiving. See docs/sources/syslog.md.
 */
package io.sluice.edge.syslog;
