package io.sluice.edge.syslog;

import io.sluice.api.Event;
import io.sluice.api.SimpleEvent;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The {@code multiport_syslogtcp} source's messages as Flume 1.11's multiport source reads them
 * (its own {@code SyslogParser}, not {@code SyslogUtils}): headers {@code Priority} (the
 * {@code <PRI>} digits as sent), {@code Facility}, {@code Severity}, {@code Version} (only
 * {@code 1}), {@code timestamp} (epoch ms) and {@code host}, read positionally: after the
 * {@code <PRI>}, an optional {@code "1 "}, then {@code -} (the time now), an RFC 3164 stamp (15
 * characters starting with a capital, read as UTC, 0 when it does not parse) or an RFC 5424 stamp
 * up to the next space (its fraction rounded down to ms), then the host up to the next space; the
 * rest is the body, with {@code keepFields} as in Flume. A message that does not follow this, or
 * does not decode in its charset, is {@code Invalid} with no other header and the whole message as
 * body.
 *
 * <p>Unlike Flume: a message on which Flume's parser fails with something other than its
 * "invalid" error (an empty line, an invalid 5424 date or time, a fraction with no zone after it)
 * is an {@code Invalid} event too, where Flume loses it and the rest of that read; an RFC 3164
 * stamp over a month away from now is dated in the year before or after as {@code syslogtcp}
 * does (Flume dates it 1999 or 2001); {@code structuredHeaders} works as on {@code syslogtcp}.
 * Immutable; thread-safe.
 */
final class MultiportSyslogParser implements MessageParser {
  static final String PRIORITY = "Priority";
  static final String VERSION = "Version";
  private static final Pattern RFC3164_STAMP =
      Pattern.compile("([A-Za-z]{3}) (\\d{1,2}) (\\d{1,2}):(\\d{1,2}):(\\d{1,2})");
  private static final String[] MONTHS =
      {"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"};
  private static final int RFC3164_LENGTH = 15;
  private static final int RFC5424_PREFIX = 19;

  private final KeepFields keep;
  private final boolean structured;
  private final Clock clock;

  MultiportSyslogParser(KeepFields keep, boolean structured, Clock clock) {
    this.keep = keep;
    this.structured = structured;
    this.clock = clock;
  }

  @Override
  public Event parse(byte[] raw, Charset cs, boolean incomplete) {
    String msg;
    try {
      msg = cs.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
    } catch (CharacterCodingException e) {
      return invalid(raw); // Flume: the bytes as received
    }
    Map<String, String> headers = new HashMap<>(8);
    byte[] body;
    try {
      body = parseInto(msg, cs, headers);
    } catch (NotSyslog e) {
      return invalid(msg.getBytes(cs));
    }
    if (incomplete) {
      headers.put(SyslogParser.STATUS, SyslogParser.INCOMPLETE);
    }
    return new SimpleEvent(headers, body);
  }

  private static Event invalid(byte[] body) {
    Map<String, String> headers = new HashMap<>(4);
    headers.put(SyslogParser.STATUS, SyslogParser.INVALID);
    return new SimpleEvent(headers, body);
  }

  private byte[] parseInto(String msg, Charset cs, Map<String, String> headers) throws NotSyslog {
    int len = msg.length();
    if (len == 0 || msg.charAt(0) != '<') {
      throw new NotSyslog();
    }
    int close = msg.indexOf('>');
    if (close <= 0 || close > 6) {
      throw new NotSyslog();
    }
    String pri = msg.substring(1, close);
    int p = integer(pri);
    headers.put(PRIORITY, pri);
    headers.put(SyslogParser.FACILITY, String.valueOf(p / 8));
    headers.put(SyslogParser.SEVERITY, String.valueOf(p % 8));
    if (len <= close + 1) {
      throw new NotSyslog();
    }
    int pos = close + 1;
    String version = null;
    if (len > pos + 2 && msg.startsWith("1 ", pos)) {
      version = "1";
      headers.put(VERSION, version);
      pos += 2;
    }
    char first = msg.charAt(pos);
    String stamp;
    long millis;
    if (first == '-') {
      stamp = "-";
      millis = clock.millis();
      if (len <= pos + 2) {
        throw new NotSyslog();
      }
      pos += 2; // Flume takes the next character for the space
    } else if (first >= 'A' && first <= 'Z') {
      if (len <= pos + RFC3164_LENGTH) {
        throw new NotSyslog();
      }
      stamp = msg.substring(pos, pos + RFC3164_LENGTH);
      millis = rfc3164Millis(stamp);
      pos += RFC3164_LENGTH + 1;
    } else {
      int space = msg.indexOf(' ', pos);
      if (space < 0) {
        throw new NotSyslog();
      }
      stamp = msg.substring(pos, space);
      millis = rfc5424Millis(stamp);
      pos = space + 1;
    }
    headers.put(SyslogParser.TIMESTAMP, String.valueOf(millis));
    int space = msg.indexOf(' ', pos);
    if (space < 0) {
      throw new NotSyslog();
    }
    String host = msg.substring(pos, space);
    headers.put(SyslogParser.HOST, host);
    if (len <= space + 1 || keep.all()) {
      return msg.getBytes(cs); // Flume: no body after the host keeps the whole message
    }
    String rest = msg.substring(space + 1);
    if (structured && version != null) {
      String m = SyslogParser.structuredFields(rest, new SyslogParser.Text(msg, false, cs), headers);
      if (m != null) {
        headers.put(SyslogParser.ORIGINAL_TIMESTAMP, stamp);
        if (!keep.any()) {
          return m.getBytes(cs);
        }
      }
    }
    return keep.addTo(rest, pri, version, stamp, host).getBytes(cs);
  }

  /** Integer.parseInt, as Flume reads the priority (so "+5" and "-1" pass, as in Flume). */
  private static int integer(String s) throws NotSyslog {
    try {
      return Integer.parseInt(s);
    } catch (NumberFormatException e) {
      throw new NotSyslog();
    }
  }

  /**
   * Flume's reading: the first 19 characters as {@code yyyy-MM-ddTHH:mm:ss} in UTC, an optional
   * fraction (its first three digits as ms, fewer scaled up), then {@code +hh:mm}/{@code -hh:mm}
   * subtracted, or anything else (Z included) taken as UTC.
   */
  private static long rfc5424Millis(String s) throws NotSyslog {
    int len = s.length();
    if (len <= RFC5424_PREFIX) {
      throw new NotSyslog();
    }
    long ts;
    try {
      if (s.charAt(4) != '-' || s.charAt(7) != '-' || s.charAt(10) != 'T' || s.charAt(13) != ':'
          || s.charAt(16) != ':') {
        throw new NotSyslog();
      }
      ts = LocalDateTime.of(digits(s, 0, 4), digits(s, 5, 7), digits(s, 8, 10), digits(s, 11, 13),
          digits(s, 14, 16), digits(s, 17, 19)).toInstant(ZoneOffset.UTC).toEpochMilli();
    } catch (DateTimeException e) {
      throw new NotSyslog();
    }
    int pos = RFC5424_PREFIX;
    if (s.charAt(pos) == '.') {
      int end = pos + 1;
      while (end < len && isDigit(s, end)) {
        end++;
      }
      int n = end - pos - 1;
      if (n == 0 || end == len) {
        throw new NotSyslog();
      }
      long fraction;
      try {
        fraction = Long.parseLong(s.substring(pos + 1, end));
      } catch (NumberFormatException e) {
        throw new NotSyslog();
      }
      // Flume's arithmetic: through a double, truncated
      if (n > 3) {
        fraction = (long) (fraction / Math.pow(10, n - 3));
      } else if (n < 3) {
        fraction = (long) (fraction * Math.pow(10, 3 - n));
      }
      ts += fraction;
      pos = end;
    }
    char zone = s.charAt(pos);
    if (zone == '+' || zone == '-') {
      if (len <= pos + 5 || !isDigit(s, pos + 1) || !isDigit(s, pos + 2) || s.charAt(pos + 3) != ':'
          || !isDigit(s, pos + 4) || !isDigit(s, pos + 5)) {
        throw new NotSyslog();
      }
      int minutes = digits(s, pos + 1, pos + 3) * 60 + digits(s, pos + 4, pos + 6);
      ts -= (zone == '+' ? 1 : -1) * minutes * 60_000L;
    }
    return ts;
  }

  /**
   * Flume's reading of a 15-character RFC 3164 stamp: the first double space made single, then
   * {@code MMM d HH:mm:ss} in UTC, in this year (the clock's zone's), or 0 when it does not parse.
   */
  private long rfc3164Millis(String stamp) {
    Matcher m = RFC3164_STAMP.matcher(stamp.replaceFirst("  ", " "));
    if (!m.matches()) {
      return 0;
    }
    int month = -1;
    for (int i = 0; i < MONTHS.length; i++) {
      if (MONTHS[i].equals(m.group(1).toLowerCase(Locale.ROOT))) {
        month = i + 1;
      }
    }
    LocalDateTime date;
    try {
      // Flume's parser fills in the year 2000 (a leap year) before it sets this year's
      date = LocalDateTime.of(2000, month, Integer.parseInt(m.group(2)), Integer.parseInt(m.group(3)),
          Integer.parseInt(m.group(4)), Integer.parseInt(m.group(5)));
    } catch (DateTimeException e) {
      return 0;
    }
    LocalDateTime now = LocalDateTime.ofInstant(clock.instant(), ZoneOffset.UTC);
    LocalDateTime fixed = date.withYear(clock.instant().atZone(clock.getZone()).getYear());
    if (fixed.isAfter(now) && fixed.minusMonths(1).isAfter(now)) {
      fixed = fixed.minusYears(1);
    } else if (fixed.plusMonths(11).isBefore(now)) {
      fixed = fixed.plusYears(1);
    }
    return fixed.toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  private static boolean isDigit(String s, int i) {
    char c = s.charAt(i);
    return c >= '0' && c <= '9';
  }

  private static int digits(String s, int from, int to) throws NotSyslog {
    for (int i = from; i < to; i++) {
      if (!isDigit(s, i)) {
        throw new NotSyslog();
      }
    }
    return Integer.parseInt(s, from, to, 10);
  }

  /** The message does not follow the multiport grammar: Flume's "invalid" outcome. */
  private static final class NotSyslog extends Exception {
    NotSyslog() {
      super(null, null, false, false);
    }
  }
}
