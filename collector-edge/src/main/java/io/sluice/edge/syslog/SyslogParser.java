package io.sluice.edge.syslog;

import io.sluice.api.Event;
import io.sluice.api.SimpleEvent;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.DateTimeException;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Turns one framed syslog message into an event with Flume's headers ({@code Facility},
 * {@code Severity}, {@code timestamp} in epoch milliseconds, {@code host},
 * {@code flume.syslog.status}) and Flume's body (the message after the header, or with
 * {@code keepFields} some or all of the header kept). A {@code format.*} format
 * ({@link CustomSyslogFormat}) is tried first, then RFC 5424, then RFC 3164, with
 * the same field grammar as Flume's {@code SyslogUtils}; a message matching neither keeps its whole
 * text as body, and one without a valid {@code <PRI>} is {@code Invalid} with Facility and
 * Severity 0.
 *
 * <p>Unlike Flume: fractional seconds are read exactly (Flume reads {@code .1} as 1 ms and drops
 * digits past the third), a message may span lines (octet-counted frames), and with
 * {@code structuredHeaders} RFC 5424's APP-NAME, PROCID, MSGID, structured data and the timestamp
 * as sent become {@code syslog.*} headers and the body is MSG alone.
 *
 * <p>For charsets in which ASCII bytes always stand for ASCII characters (UTF-8, US-ASCII,
 * ISO-8859-*, windows-125*) the body keeps the bytes as received; for others it is decoded and
 * re-encoded in the charset, as Flume does. Immutable; thread-safe.
 */
final class SyslogParser implements MessageParser {
  static final String FACILITY = "Facility";
  static final String SEVERITY = "Severity";
  static final String TIMESTAMP = "timestamp";
  static final String HOST = "host";
  static final String PRIORITY = "priority";
  static final String VERSION = "version";
  static final String STATUS = "flume.syslog.status";
  static final String INVALID = "Invalid";
  static final String INCOMPLETE = "Incomplete";
  static final String APP_NAME = "syslog.appname";
  static final String PROC_ID = "syslog.procid";
  static final String MSG_ID = "syslog.msgid";
  static final String SD_PREFIX = "syslog.sd.";
  static final String ORIGINAL_TIMESTAMP = "syslog.timestamp";

  // The grammar of Flume's SYSLOG_MSG_RFC5424_0 and SYSLOG_MSG_RFC3164_0 after the <PRI>, with
  // the body allowed to span lines.
  private static final Pattern RFC5424 = Pattern.compile(
      "(\\d?)\\s?(?:(\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}:\\d{2}(?:\\.\\d{1,6})?(?:[+-]\\d{2}:\\d{2}|Z)?)|-)"
          + "\\s(?:([A-Za-z0-9_][A-Za-z0-9_.@-]*)|-)\\s(.*)", Pattern.DOTALL);
  private static final Pattern RFC3164 = Pattern.compile(
      "(\\d)?\\s?([A-Z][a-z][a-z]\\s{1,2}\\d{1,2}\\s\\d{2}:\\d{2}:\\d{2})"
          + "\\s([A-Za-z0-9_][A-Za-z0-9_.@-]*)\\s(.*)", Pattern.DOTALL);
  private static final String[] MONTHS =
      {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};

  private final KeepFields keep;
  private final boolean structured;
  private final Clock clock;
  private final CustomSyslogFormat custom;
  private final boolean priorityHeaders;

  SyslogParser(KeepFields keep, boolean structured, Clock clock) {
    this(keep, structured, clock, null, false);
  }

  /**
   * @param custom the {@code format.*} format tried first, or null
   * @param priorityHeaders add Flume SyslogUtils' {@code priority} and {@code version} headers to
   *     a message read as RFC 5424 or RFC 3164 (a custom format always adds them)
   */
  SyslogParser(KeepFields keep, boolean structured, Clock clock, CustomSyslogFormat custom,
      boolean priorityHeaders) {
    this.keep = keep;
    this.structured = structured;
    this.clock = clock;
    this.custom = custom;
    this.priorityHeaders = priorityHeaders;
  }

  /**
   * The agent's clock, in the zone Flume's {@code SyslogUtils} reads time stamps without an offset
   * in (RFC 3164's, RFC 5424's without one, {@code format.dateFormat}'s): the JVM's default zone,
   * as its {@code SimpleDateFormat}s do. The agent's own clock is UTC.
   */
  static Clock inJvmZone(Clock agentClock) {
    return agentClock.withZone(ZoneId.systemDefault());
  }

  /** True when ASCII delimiters can be found in the raw bytes of this charset's text. */
  static boolean asciiTransparent(Charset cs) {
    String n = cs.name().toUpperCase(Locale.ROOT);
    return cs.equals(StandardCharsets.UTF_8) || cs.equals(StandardCharsets.US_ASCII)
        || n.startsWith("ISO-8859-") || n.startsWith("WINDOWS-125");
  }

  @Override
  public Event parse(byte[] raw, Charset cs, boolean incomplete) {
    Map<String, String> headers = new HashMap<>(8);
    byte[] body = parseInto(raw, cs, headers);
    if (incomplete && !headers.containsKey(STATUS)) {
      headers.put(STATUS, INCOMPLETE);
    }
    return new SimpleEvent(headers, body);
  }

  private byte[] parseInto(byte[] raw, Charset cs, Map<String, String> headers) {
    boolean transparent = asciiTransparent(cs);
    Text t = new Text(transparent ? new String(raw, StandardCharsets.ISO_8859_1) : new String(raw, cs),
        transparent, cs);
    String s = t.text;
    int close = s.indexOf('>');
    if (s.isEmpty() || s.charAt(0) != '<' || close < 2 || close > 4 || !digits(s, 1, close)) {
      headers.put(FACILITY, "0");
      headers.put(SEVERITY, "0");
      headers.put(STATUS, INVALID);
      return raw;
    }
    String pri = s.substring(1, close);
    int p = Integer.parseInt(pri);
    headers.put(FACILITY, String.valueOf(p / 8));
    headers.put(SEVERITY, String.valueOf(p % 8));
    if (custom != null) {
      byte[] body = custom.parseInto(raw, cs, keep, clock, headers);
      if (body != null) {
        return body;
      }
    }
    Matcher m = RFC5424.matcher(s).region(close + 1, s.length());
    boolean is5424 = m.matches();
    if (!is5424) {
      m = RFC3164.matcher(s).region(close + 1, s.length());
      if (!m.matches()) {
        return raw; // Flume: no header fields, the whole message is the body
      }
    }
    String version = m.group(1);
    String stamp = m.group(2);
    String host = m.group(3);
    if (priorityHeaders) {
      headers.put(PRIORITY, pri);
      if (version != null && !version.isEmpty()) {
        headers.put(VERSION, version);
      }
    }
    if (stamp != null) {
      Long millis = is5424 ? rfc5424Millis(stamp) : rfc3164Millis(stamp);
      if (millis != null) {
        headers.put(TIMESTAMP, String.valueOf(millis));
      }
    }
    if (host != null) {
      headers.put(HOST, host);
    }
    String rest = m.group(4);
    if (keep.all()) {
      return raw;
    }
    if (structured && is5424 && "1".equals(version)) {
      String msg = structuredFields(rest, t, headers);
      if (msg != null) {
        if (stamp != null) {
          headers.put(ORIGINAL_TIMESTAMP, stamp);
        }
        if (!keep.any()) {
          return t.bytes(msg);
        }
      }
    }
    String kept = keep.addTo(rest, pri, version, stamp, host);
    return kept.isEmpty() ? raw : t.bytes(kept); // Flume: an empty body means the parse failed
  }

  private static boolean digits(String s, int from, int to) {
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }

  private Long rfc5424Millis(String stamp) {
    try {
      LocalDateTime local = LocalDateTime.of(num(stamp, 0, 4), num(stamp, 5, 7), num(stamp, 8, 10),
          num(stamp, 11, 13), num(stamp, 14, 16), num(stamp, 17, 19));
      int i = 19;
      if (i < stamp.length() && stamp.charAt(i) == '.') {
        int start = ++i;
        while (i < stamp.length() && Character.isDigit(stamp.charAt(i))) {
          i++;
        }
        StringBuilder nanos = new StringBuilder(stamp.substring(start, i));
        while (nanos.length() < 9) {
          nanos.append('0');
        }
        local = local.withNano(Integer.parseInt(nanos.toString()));
      }
      ZoneId zone;
      if (i == stamp.length()) {
        zone = clock.getZone();
      } else if (stamp.charAt(i) == 'Z') {
        zone = ZoneOffset.UTC;
      } else {
        int sign = stamp.charAt(i) == '-' ? -1 : 1;
        zone = ZoneOffset.ofHoursMinutes(sign * num(stamp, i + 1, i + 3), sign * num(stamp, i + 4, i + 6));
      }
      return local.atZone(zone).withLaterOffsetAtOverlap().toInstant().toEpochMilli();
    } catch (DateTimeException | NumberFormatException e) {
      return null;
    }
  }

  /** Flume's year inference: this year, unless that is over a month ahead or 11 months behind. */
  private Long rfc3164Millis(String stamp) {
    String[] f = stamp.trim().split("\\s+");
    int month = -1;
    for (int i = 0; i < MONTHS.length; i++) {
      if (MONTHS[i].equals(f[0])) {
        month = i + 1;
      }
    }
    if (month < 0) {
      return null;
    }
    try {
      int year = clock.instant().atOffset(ZoneOffset.UTC).getYear();
      // the hour repeated when clocks go back is read in standard time, as Flume's Calendar does
      ZonedDateTime t = ZonedDateTime.of(year, month, Integer.parseInt(f[1]), num(f[2], 0, 2),
          num(f[2], 3, 5), num(f[2], 6, 8), 0, clock.getZone()).withLaterOffsetAtOverlap();
      long now = clock.millis();
      long at = t.toInstant().toEpochMilli();
      if (at > now && t.minusMonths(1).toInstant().toEpochMilli() > now) {
        t = t.minusYears(1);
      } else if (at < now && t.plusMonths(11).toInstant().toEpochMilli() < now) {
        t = t.plusYears(1);
      }
      return t.toInstant().toEpochMilli();
    } catch (DateTimeException | NumberFormatException e) {
      return null;
    }
  }

  private static int num(String s, int from, int to) {
    return Integer.parseInt(s.substring(from, to));
  }

  /**
   * Reads {@code APP-NAME SP PROCID SP MSGID SP STRUCTURED-DATA [SP MSG]} into headers; returns
   * MSG (without a leading BOM), or null (and adds nothing) when the text does not follow it.
   */
  static String structuredFields(String rest, Text t, Map<String, String> headers) {
    Map<String, String> found = new HashMap<>();
    int pos = 0;
    String[] names = {APP_NAME, PROC_ID, MSG_ID};
    for (String name : names) {
      int sp = rest.indexOf(' ', pos);
      if (sp <= pos) {
        return null;
      }
      String v = rest.substring(pos, sp);
      if (!v.equals("-")) {
        found.put(name, t.value(v));
      }
      pos = sp + 1;
    }
    if (pos >= rest.length()) {
      return null;
    }
    if (rest.charAt(pos) == '-') {
      pos++;
    } else {
      while (pos < rest.length() && rest.charAt(pos) == '[') {
        pos = element(rest, pos, t, found);
        if (pos < 0) {
          return null;
        }
      }
    }
    String msg;
    if (pos == rest.length()) {
      msg = "";
    } else if (rest.charAt(pos) == ' ') {
      msg = rest.substring(pos + 1);
      if (t.transparent && msg.startsWith("\u00ef\u00bb\u00bf")) {
        msg = msg.substring(3); // UTF-8 BOM, seen as ISO-8859-1
      } else if (!t.transparent && msg.startsWith("\ufeff")) {
        msg = msg.substring(1);
      }
    } else {
      return null;
    }
    headers.putAll(found);
    return msg;
  }

  /** One {@code [SD-ID *(SP NAME="VALUE")]}; returns the position after it, or -1. */
  private static int element(String s, int pos, Text t, Map<String, String> found) {
    int i = pos + 1;
    int idEnd = i;
    while (idEnd < s.length() && " ]=\"".indexOf(s.charAt(idEnd)) < 0) {
      idEnd++;
    }
    if (idEnd == i || idEnd >= s.length()) {
      return -1;
    }
    String id = t.value(s.substring(i, idEnd));
    i = idEnd;
    while (i < s.length() && s.charAt(i) == ' ') {
      int nameStart = ++i;
      while (i < s.length() && " ]=\"".indexOf(s.charAt(i)) < 0) {
        i++;
      }
      if (i == nameStart || i + 1 >= s.length() || s.charAt(i) != '=' || s.charAt(i + 1) != '"') {
        return -1;
      }
      String name = t.value(s.substring(nameStart, i));
      i += 2;
      StringBuilder value = new StringBuilder();
      while (i < s.length() && s.charAt(i) != '"') {
        char c = s.charAt(i);
        if (c == '\\' && i + 1 < s.length() && "\"\\]".indexOf(s.charAt(i + 1)) >= 0) {
          c = s.charAt(++i);
        }
        value.append(c);
        i++;
      }
      if (i >= s.length()) {
        return -1;
      }
      i++; // closing quote
      found.merge(SD_PREFIX + id + "." + name, t.value(value.toString()), (a, b) -> a + "," + b);
    }
    if (i >= s.length() || s.charAt(i) != ']') {
      return -1;
    }
    return i + 1;
  }

  /** The message's text: raw bytes as ISO-8859-1 (transparent charsets) or decoded. */
  record Text(String text, boolean transparent, Charset cs) {
    byte[] bytes(String s) {
      return s.getBytes(transparent ? StandardCharsets.ISO_8859_1 : cs);
    }

    /** A header value in the message's charset. */
    String value(String s) {
      return transparent ? new String(s.getBytes(StandardCharsets.ISO_8859_1), cs) : s;
    }
  }
}
