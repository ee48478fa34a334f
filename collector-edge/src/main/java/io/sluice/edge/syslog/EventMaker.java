package io.sluice.edge.syslog;

import io.sluice.api.Event;
import java.net.InetSocketAddress;
import java.nio.charset.Charset;

/**
 * Makes events from the messages of one connection (or one datagram's sender): parses them and
 * adds the configured client and port headers. Counts invalid and incomplete messages. Used by
 * one event loop at a time.
 */
final class EventMaker {
  private final SyslogSourceConfig config;
  private final MessageParser parser;
  private final SyslogCounters counters;
  private final Charset charset;
  private final String port;

  EventMaker(SyslogSourceConfig config, MessageParser parser, SyslogCounters counters, int localPort) {
    this.config = config;
    this.parser = parser;
    this.counters = counters;
    this.charset = config.charsetFor(localPort);
    this.port = String.valueOf(localPort);
  }

  /**
   * @param ip the sender's IP header value, or null when not configured
   * @param hostname the sender's host name header value, or null when not configured
   */
  Event make(SyslogFrame frame, String ip, String hostname) {
    Event e = parser.parse(frame.bytes(), charset, frame.incomplete());
    String status = e.getHeaders().get(SyslogParser.STATUS);
    if (SyslogParser.INVALID.equals(status)) {
      counters.invalid.increment();
    } else if (SyslogParser.INCOMPLETE.equals(status)) {
      counters.incomplete.increment();
    }
    if (ip != null) {
      e.getHeaders().put(config.clientIpHeader(), ip);
    }
    if (hostname != null) {
      e.getHeaders().put(config.clientHostnameHeader(), hostname);
    }
    if (config.portHeader() != null) {
      e.getHeaders().put(config.portHeader(), port);
    }
    return e;
  }

  /** Flume's getIP: the address as text, or "" when unknown. */
  static String ip(Object address) {
    return address instanceof InetSocketAddress a && a.getAddress() != null
        ? a.getAddress().getHostAddress() : "";
  }

  /** Flume's getHostname: a reverse lookup, or "" when unknown. */
  static String hostname(Object address) {
    return address instanceof InetSocketAddress a ? a.getHostName() : "";
  }
}
