package io.sluice.flumecompat.bridge;

import java.util.Locale;
import java.util.Set;

/**
 * A request's {@code Content-Type} and charset as Flume's Jetty 9.4 shows them to a handler, which
 * may compare them or decode with them. {@link #value}: Jetty's common types come in its own
 * spelling (lower-case type, upper-case UTF-8 or ISO-8859-1 charset), anything else as sent.
 * {@link #charset} ({@code getCharacterEncoding()}): JSON types without a charset are UTF-8;
 * Jetty's text and JSON types with a UTF-8 or ISO-8859-1 charset give its canonical name; any
 * other {@code charset} parameter (lower-case key, double quotes dropped) comes as written, but
 * for the common spellings of UTF-8, UTF-16 and ISO-8859-1, which come in lower case.
 */
final class JettyContentType {
  private static final Set<String> JETTY_TYPES =
      Set.of("text/html", "text/plain", "text/xml", "text/json", "application/json");
  private static final Set<String> JSON_TYPES = Set.of("text/json", "application/json");
  private static final String FORM = "application/x-www-form-urlencoded";

  private JettyContentType() {}

  /** The header's value as Jetty's parser hands it on (its cached spellings); null stays null. */
  static String value(String contentType) {
    if (contentType == null) {
      return null;
    }
    String lower = contentType.toLowerCase(Locale.ROOT);
    if (JETTY_TYPES.contains(lower) || lower.equals(FORM)) {
      return lower;
    }
    for (String separator : new String[] {";charset=", "; charset="}) {
      int at = lower.indexOf(separator);
      if (at > 0) {
        String type = lower.substring(0, at);
        String charset = lower.substring(at + separator.length());
        if ((JETTY_TYPES.contains(type) || type.equals(FORM))
            && (charset.equals("utf-8") || charset.equals("iso-8859-1"))) {
          return type + separator + charset.toUpperCase(Locale.ROOT);
        }
      }
    }
    return contentType;
  }

  /** Null when the request has no charset Jetty would see. */
  static String charset(String contentType) {
    if (contentType == null) {
      return null;
    }
    String lower = contentType.toLowerCase(Locale.ROOT);
    if (JSON_TYPES.contains(lower)) {
      return "UTF-8";
    }
    int semi = lower.indexOf(';');
    if (semi > 0 && JETTY_TYPES.contains(lower.substring(0, semi))) {
      String rest = lower.substring(semi + 1);
      rest = rest.startsWith(" ") ? rest.substring(1) : rest;
      if (rest.equals("charset=utf-8")) {
        return "UTF-8";
      }
      if (rest.equals("charset=iso-8859-1")) {
        return "ISO-8859-1";
      }
    }
    return normalized(parameter(contentType));
  }

  /** The {@code charset} parameter's value, or null. */
  private static String parameter(String contentType) {
    int at = contentType.indexOf("charset");
    while (at >= 0) {
      int i = at + "charset".length();
      while (i < contentType.length() && contentType.charAt(i) == ' ') {
        i++;
      }
      if (i < contentType.length() && contentType.charAt(i) == '=') {
        i++;
        while (i < contentType.length() && contentType.charAt(i) == ' ') {
          i++;
        }
        int end = i;
        while (end < contentType.length() && contentType.charAt(end) != ';'
            && contentType.charAt(end) != ' ') {
          end++;
        }
        String value = contentType.substring(i, end);
        if (value.length() >= 2 && value.startsWith("\"") && value.endsWith("\"")) {
          value = value.substring(1, value.length() - 1);
        }
        return value.isEmpty() ? null : value;
      }
      at = contentType.indexOf("charset", at + 1);
    }
    return null;
  }

  private static String normalized(String charset) {
    if (charset == null) {
      return null;
    }
    return switch (charset.toLowerCase(Locale.ROOT)) {
      case "utf-8", "utf8" -> "utf-8";
      case "utf-16", "utf16" -> "utf-16";
      case "iso-8859-1", "iso_8859_1" -> "iso-8859-1";
      default -> charset;
    };
  }
}
