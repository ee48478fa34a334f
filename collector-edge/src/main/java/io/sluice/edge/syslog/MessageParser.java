package io.sluice.edge.syslog;

import io.sluice.api.Event;
import java.nio.charset.Charset;

/**
 * Turns one framed syslog message into an event with a Flume source's headers and body:
 * {@link SyslogParser} (Flume's {@code SyslogUtils}, used by {@code syslogtcp} and
 * {@code syslogudp}) or {@link MultiportSyslogParser} (the parser of Flume's multiport source).
 * Implementations are immutable and thread-safe.
 */
interface MessageParser {

  /**
   * The event for one message.
   *
   * @param raw the message without its frame (no length prefix, no trailing LF)
   * @param incomplete the message was cut at {@code eventSize}
   */
  Event parse(byte[] raw, Charset cs, boolean incomplete);
}
