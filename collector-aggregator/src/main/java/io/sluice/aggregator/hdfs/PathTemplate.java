package io.sluice.aggregator.hdfs;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Flume bucket path ({@code hdfs.path} or {@code hdfs.filePrefix}) with its escapes, parsed once
 * and resolved per event. Behaves as Flume's {@code BucketPath.escapeString}:
 * <ul>
 *   <li>{@code %{name}} is the event header {@code name}, empty when missing, if the value is safe
 *       as part of a path (see {@link #valueProblem});
 *   <li>{@code %[localhost]}, {@code %[IP]}, {@code %[FQDN]} are this host (any other name is a
 *       configuration error here; Flume failed on the first event);
 *   <li>{@code %a %A %b %B %c %d %D %e %H %I %j %k %l %m %M %n %p %s %S %y %Y %z} format the event's
 *       time (its {@code timestamp} header, or the sink's clock with {@code hdfs.useLocalTimeStamp})
 *       in the configured zone, rounded down first when rounding is on; {@code %t} is the time in
 *       epoch millis, never rounded; {@code %%} is a percent sign; any other {@code %x} is empty.
 * </ul>
 * One time is read per resolve, so all escapes of one path agree (Flume's "date race" fix). Unlike
 * Flume, a missing or malformed {@code timestamp} header is a {@link BadEventException}, not a
 * runtime exception, and escapes that need no time ({@code %%}, unknown letters) never ask for one.
 * Also unlike Flume, a header value that would leave its path component, or that HDFS refuses in
 * a name, is a {@link BadEventException}: Flume inserts it raw, so {@code ../} writes outside
 * {@code hdfs.path} and a {@code :} fails every retry of the batch.
 *
 * <p>Immutable and thread-safe.
 */
public final class PathTemplate {
  private static final Pattern TAG = Pattern.compile("%(\\w|%)|%\\{([\\w.-]+)\\}|%\\[(\\w+)\\]");
  static final String TIMESTAMP_HEADER = "timestamp";

  private sealed interface Part permits Literal, Header, TimeField, EpochMillis, EpochSeconds {}

  private record Literal(String text) implements Part {}

  /**
   * A header escape; {@code wholeComponent} when nothing else (literal text, another escape)
   * shares its path component, so an empty value would remove a directory level.
   */
  private record Header(String name, boolean wholeComponent) implements Part {}

  /** HDFS's default {@code dfs.namenode.fs-limits.max-component-length}, and most local file systems'. */
  static final int MAX_VALUE_BYTES = 255;

  private record TimeField(DateTimeFormatter format) implements Part {}

  private record EpochMillis() implements Part {}

  private record EpochSeconds() implements Part {}

  private final String template;
  private final List<Part> parts;
  private final boolean needsTime;
  private final ZoneId zone;
  private final TimeRounding rounding;
  private final boolean useLocalTimeStamp;

  private PathTemplate(String template, List<Part> parts, ZoneId zone, TimeRounding rounding,
      boolean useLocalTimeStamp) {
    this.template = template;
    this.parts = List.copyOf(parts);
    this.needsTime = parts.stream().anyMatch(p -> p instanceof TimeField || p instanceof EpochMillis
        || p instanceof EpochSeconds);
    this.zone = zone;
    this.rounding = rounding;
    this.useLocalTimeStamp = useLocalTimeStamp;
  }

  /**
   * Parses a template.
   *
   * @throws IllegalArgumentException for an unknown {@code %[...]} host escape
   */
  public static PathTemplate parse(String template, ZoneId zone, TimeRounding rounding,
      boolean useLocalTimeStamp, HostNames host, Locale locale) {
    List<Part> parts = new ArrayList<>();
    Matcher m = TAG.matcher(template);
    int last = 0;
    StringBuilder literal = new StringBuilder();
    while (m.find()) {
      literal.append(template, last, m.start());
      last = m.end();
      if (m.group(2) != null) {
        flush(literal, parts);
        parts.add(new Header(m.group(2), false));
      } else if (m.group(3) != null) {
        literal.append(hostEscape(m.group(3), host, template));
      } else {
        char c = m.group(1).charAt(0);
        Part p = timeEscape(c, locale, zone);
        if (p == null) {
          literal.append(c == '%' ? "%" : "");
        } else {
          flush(literal, parts);
          parts.add(p);
        }
      }
    }
    literal.append(template.substring(last));
    flush(literal, parts);
    markWholeComponents(parts);
    return new PathTemplate(template, parts, zone, rounding, useLocalTimeStamp);
  }

  private static void markWholeComponents(List<Part> parts) {
    for (int i = 0; i < parts.size(); i++) {
      if (parts.get(i) instanceof Header h) {
        boolean startsOne = i == 0 || parts.get(i - 1) instanceof Literal l && l.text().endsWith("/");
        boolean endsOne = i == parts.size() - 1
            || parts.get(i + 1) instanceof Literal l && l.text().startsWith("/");
        parts.set(i, new Header(h.name(), startsOne && endsOne));
      }
    }
  }

  private static void flush(StringBuilder literal, List<Part> parts) {
    if (literal.length() > 0) {
      parts.add(new Literal(literal.toString()));
      literal.setLength(0);
    }
  }

  private static String hostEscape(String name, HostNames host, String template) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "localhost" -> host.hostName();
      case "ip" -> host.ip();
      case "fqdn" -> host.fqdn();
      default -> throw new IllegalArgumentException("unknown escape %[" + name + "] in " + template
          + "; expected one of %[localhost], %[IP], %[FQDN]");
    };
  }

  private static Part timeEscape(char c, Locale locale, ZoneId zone) {
    String pattern = switch (c) {
      case 'a' -> "EEE";
      case 'A' -> "EEEE";
      case 'b' -> "MMM";
      case 'B' -> "MMMM";
      case 'c' -> "EEE MMM d HH:mm:ss yyyy";
      case 'd' -> "dd";
      case 'D' -> "MM/dd/yy";
      case 'e' -> "d";
      case 'H' -> "HH";
      case 'I' -> "hh";
      case 'j' -> "DDD";
      case 'k' -> "H";
      case 'l' -> "h";
      case 'm' -> "MM";
      case 'M' -> "mm";
      case 'n' -> "M";
      case 'p' -> "a";
      case 'S' -> "ss";
      case 'y' -> "yy";
      case 'Y' -> "yyyy";
      case 'z' -> "xx";
      default -> null;
    };
    if (pattern != null) {
      return new TimeField(DateTimeFormatter.ofPattern(pattern, locale).withZone(zone));
    }
    return switch (c) {
      case 't' -> new EpochMillis();
      case 's' -> new EpochSeconds();
      default -> null;
    };
  }

  /** True when resolving needs a time, so events need a timestamp header or local time stamps. */
  public boolean needsTime() {
    return needsTime;
  }

  /** True when the template has no escapes at all (the same path for every event). */
  public boolean isConstant() {
    return parts.size() <= 1 && parts.stream().allMatch(p -> p instanceof Literal);
  }

  /** The part before the first escape, the deepest directory every resolved path lies under. */
  public String staticPrefix() {
    return !parts.isEmpty() && parts.get(0) instanceof Literal l ? l.text() : "";
  }

  /**
   * Resolves the template for one event.
   *
   * @param headers the event's headers
   * @param nowMillis the sink clock's time, used with {@code hdfs.useLocalTimeStamp}
   * @throws BadEventException when a time is needed and the event has no usable timestamp header,
   *     or when a header value is not safe in a path ({@link #valueProblem})
   */
  public String resolve(Map<String, String> headers, long nowMillis) throws BadEventException {
    long time = 0;
    long rounded = 0;
    if (needsTime) {
      time = useLocalTimeStamp ? nowMillis : headerTime(headers);
      rounded = rounding.roundDown(time, zone);
    }
    StringBuilder out = new StringBuilder(64);
    for (Part p : parts) {
      if (p instanceof Literal l) {
        out.append(l.text());
      } else if (p instanceof Header h) {
        String v = headers.get(h.name());
        String problem = valueProblem(v, h.wholeComponent());
        if (problem != null) {
          throw new BadEventException("header '" + h.name() + "' " + problem + ", so the event "
              + "cannot be given a path by " + template);
        }
        out.append(v == null ? "" : v);
      } else if (p instanceof TimeField f) {
        f.format().formatTo(Instant.ofEpochMilli(rounded), out);
      } else if (p instanceof EpochSeconds) {
        out.append(rounded / 1000);
      } else {
        out.append(useLocalTimeStamp ? String.valueOf(time) : headers.get(TIMESTAMP_HEADER).trim());
      }
    }
    return out.toString();
  }

  /**
   * Why a header value cannot go into a path, or null when it can. Refused: a value that would
   * leave its component ({@code /}, {@code .}, {@code ..}), that HDFS refuses in a name ({@code :},
   * a component over {@value #MAX_VALUE_BYTES} bytes) or reserves ({@code .reserved}, which at the
   * root addresses any inode), control characters, and a missing or empty value that makes up a
   * whole component (it would remove a directory level, or leave a {@code //} that a URI reads as a
   * host). A backslash is an ordinary character in HDFS and POSIX names and is kept.
   */
  static String valueProblem(String v, boolean wholeComponent) {
    if (v == null || v.isEmpty()) {
      return !wholeComponent ? null : v == null ? "is missing" : "is empty";
    }
    if (v.equals(".") || v.equals("..") || v.equals(".reserved")) {
      return "is " + quoted(v);
    }
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == '/' || c == ':' || Character.isISOControl(c)) {
        return quoted(v) + " contains " + (c == '/' ? "'/'" : c == ':' ? "':', which HDFS refuses"
            : "a control character");
      }
    }
    // a char is at most 3 UTF-8 bytes: only long values need encoding to measure
    if (v.length() > MAX_VALUE_BYTES / 3 && v.getBytes(StandardCharsets.UTF_8).length > MAX_VALUE_BYTES) {
      return "is longer than " + MAX_VALUE_BYTES + " bytes, HDFS's limit for a name";
    }
    return null;
  }

  /** A value for a log line: quoted, control characters escaped, at most 64 characters. */
  static String quoted(String v) {
    return quoted(v, 64);
  }

  /** A value for a log line: quoted, control characters escaped, at most {@code max} characters. */
  static String quoted(String v, int max) {
    StringBuilder b = new StringBuilder(Math.min(v.length(), max) + 5).append('"');
    for (int i = 0; i < v.length() && i < max; i++) {
      char c = v.charAt(i);
      if (Character.isISOControl(c) || c == '"' || c == '\\') {
        b.append(String.format("\\u%04x", (int) c));
      } else {
        b.append(c);
      }
    }
    return b.append(v.length() > max ? "\"..." : "\"").toString();
  }

  private long headerTime(Map<String, String> headers) throws BadEventException {
    String raw = headers.get(TIMESTAMP_HEADER);
    if (raw == null) {
      throw new BadEventException("event has no '" + TIMESTAMP_HEADER + "' header, which the time "
          + "escapes of " + template + " need (add a timestamp interceptor or set "
          + "hdfs.useLocalTimeStamp = true)");
    }
    try {
      return Long.parseLong(raw.trim());
    } catch (NumberFormatException e) {
      throw new BadEventException("event's '" + TIMESTAMP_HEADER + "' header " + quoted(raw)
          + " is not epoch milliseconds, which the time escapes of " + template + " need", e);
    }
  }

  @Override
  public String toString() {
    return template;
  }
}
