package io.sluice.edge.syslog;

/**
 * One syslog message cut out of a stream or datagram.
 *
 * @param bytes the message, without length prefix or trailing LF
 * @param incomplete the message was longer than {@code eventSize} and was cut there
 */
record SyslogFrame(byte[] bytes, boolean incomplete) {}
