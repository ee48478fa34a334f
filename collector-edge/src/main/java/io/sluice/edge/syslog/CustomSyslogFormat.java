package io.sluice.edge.syslog;

import java.nio.charset.Charset;
import java.text.ParsePosition;
import java.text.SimpleDateFormat;
import java.time.Clock;
import java.util.Date;
import java.util.Map;
import java.util.TimeZone;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Flume's custom syslog format ({@code format.regex}, {@code format.search},
 * {@code format.replace}, {@code format.dateFormat} of {@code syslogtcp} and {@code syslogudp}),
 * tried before RFC 5424 and RFC 3164 on messages with a valid {@code <PRI>}. As in Flume's
 * {@code SyslogUtils}: the regex must match the whole message, {@code <PRI>} included; its groups
 * 1 to 5 are priority, version, timestamp, host and body, each optional and an empty one ignored;
 * the timestamp has every {@code search} match replaced by {@code replace} (a
 * {@link String#replaceAll} replacement) and is then read with the {@link SimpleDateFormat}
 * pattern {@code dateFormat} (leniently, from its start, in the agent's zone and locale) into
 * epoch milliseconds; no {@code dateFormat}, or a timestamp it cannot read, gives no
 * {@code timestamp} header. Facility and Severity still come from {@code <PRI>}.
 *
 * <p>Immutable and thread-safe: each read uses its own copy of the date format.
 */
final class CustomSyslogFormat {
  private static final int PRIORITY_GROUP = 1;
  private static final int VERSION_GROUP = 2;
  private static final int TIMESTAMP_GROUP = 3;
  private static final int HOST_GROUP = 4;
  private static final int BODY_GROUP = 5;

  private final Pattern regex;
  private final Pattern search;
  private final String replace;
  private final SimpleDateFormat dateFormat;

  /**
   * @param search null for none
   * @param replace used only with {@code search}
   * @param dateFormat null for none: the timestamp is not read
   */
  CustomSyslogFormat(Pattern regex, Pattern search, String replace, SimpleDateFormat dateFormat) {
    this.regex = regex;
    this.search = search;
    this.replace = replace;
    this.dateFormat = dateFormat == null ? null : (SimpleDateFormat) dateFormat.clone();
  }

  /**
   * Adds the message's headers and returns its body, or returns null (adding nothing) when the
   * regex does not match the message.
   */
  byte[] parseInto(byte[] raw, Charset cs, KeepFields keep, Clock clock, Map<String, String> headers) {
    Matcher m = regex.matcher(new String(raw, cs));
    if (!m.matches()) {
      return null;
    }
    String priority = group(m, PRIORITY_GROUP);
    String version = group(m, VERSION_GROUP);
    String stamp = group(m, TIMESTAMP_GROUP);
    String host = group(m, HOST_GROUP);
    String body = group(m, BODY_GROUP);
    putIfPresent(headers, SyslogParser.PRIORITY, priority);
    putIfPresent(headers, SyslogParser.VERSION, version);
    putIfPresent(headers, SyslogParser.HOST, host);
    Long millis = stamp == null ? null : millis(stamp, clock);
    if (millis != null) {
      headers.put(SyslogParser.TIMESTAMP, String.valueOf(millis));
    }
    String kept = keep.all() || body == null ? "" : keep.addTo(body, priority, version, stamp, host);
    // Flume: the whole message when all fields are kept or the body with its kept fields is empty
    return kept.isEmpty() ? raw : kept.getBytes(cs);
  }

  private Long millis(String stamp, Clock clock) {
    if (dateFormat == null) {
      return null;
    }
    String value = stamp;
    if (search != null) {
      try {
        value = search.matcher(value).replaceAll(replace);
      } catch (IllegalArgumentException | IndexOutOfBoundsException e) {
        return null; // a replacement naming a group the search lacks: the timestamp stays unread
      }
    }
    SimpleDateFormat f = (SimpleDateFormat) dateFormat.clone();
    f.setTimeZone(TimeZone.getTimeZone(clock.getZone()));
    Date d = f.parse(value, new ParsePosition(0));
    return d == null ? null : d.getTime();
  }

  private static String group(Matcher m, int group) {
    return group <= m.groupCount() ? m.group(group) : null;
  }

  private static void putIfPresent(Map<String, String> headers, String name, String value) {
    if (value != null && !value.isEmpty()) {
      headers.put(name, value);
    }
  }
}
