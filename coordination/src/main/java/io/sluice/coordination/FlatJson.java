package io.sluice.coordination;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A tiny JSON reader and writer for one flat object whose values are strings, integers or booleans:
 * all the member nodes need, without a JSON library. Stateless.
 */
final class FlatJson {
  private FlatJson() {}

  /** Writes the map as one JSON object, keys in the map's order. */
  static String write(Map<String, ?> fields) {
    StringBuilder sb = new StringBuilder("{");
    fields.forEach((k, v) -> {
      if (sb.length() > 1) {
        sb.append(',');
      }
      quote(sb, k).append(':');
      if (v instanceof String s) {
        quote(sb, s);
      } else if (v instanceof Long || v instanceof Integer || v instanceof Boolean) {
        sb.append(v);
      } else {
        throw new IllegalArgumentException("unsupported JSON value for '" + k + "': " + v);
      }
    });
    return sb.append('}').toString();
  }

  private static StringBuilder quote(StringBuilder sb, String s) {
    sb.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (c < 0x20) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"');
  }

  /**
   * Reads one flat object: values come back as {@code String}, {@code Long} or {@code Boolean}.
   *
   * @throws IllegalArgumentException naming the position of the first error
   */
  static Map<String, Object> read(String text) {
    return new Reader(text).object();
  }

  private static final class Reader {
    private final String s;
    private int i;

    Reader(String s) {
      this.s = s;
    }

    Map<String, Object> object() {
      Map<String, Object> out = new LinkedHashMap<>();
      expect('{');
      if (peek() == '}') {
        i++;
      } else {
        do {
          String key = string();
          expect(':');
          if (out.put(key, value()) != null) {
            throw error("duplicate field '" + key + "'");
          }
        } while (consumeComma());
        expect('}');
      }
      if (peek() != 0) {
        throw error("unexpected text after the object");
      }
      return out;
    }

    private boolean consumeComma() {
      if (peek() == ',') {
        i++;
        return true;
      }
      return false;
    }

    private Object value() {
      char c = peek();
      if (c == '"') {
        return string();
      }
      if (s.startsWith("true", i)) {
        i += 4;
        return Boolean.TRUE;
      }
      if (s.startsWith("false", i)) {
        i += 5;
        return Boolean.FALSE;
      }
      int start = i;
      if (c == '-') {
        i++;
      }
      while (i < s.length() && Character.isDigit(s.charAt(i))) {
        i++;
      }
      try {
        return Long.parseLong(s.substring(start, i));
      } catch (NumberFormatException e) {
        throw error("expected a string, an integer, true or false");
      }
    }

    private String string() {
      expect('"');
      StringBuilder sb = new StringBuilder();
      while (i < s.length()) {
        char c = s.charAt(i++);
        if (c == '"') {
          return sb.toString();
        }
        if (c != '\\') {
          sb.append(c);
          continue;
        }
        if (i >= s.length()) {
          break;
        }
        char e = s.charAt(i++);
        switch (e) {
          case '"', '\\', '/' -> sb.append(e);
          case 'n' -> sb.append('\n');
          case 'r' -> sb.append('\r');
          case 't' -> sb.append('\t');
          case 'b' -> sb.append('\b');
          case 'f' -> sb.append('\f');
          case 'u' -> {
            if (i + 4 > s.length()) {
              throw error("short \\u escape");
            }
            sb.append((char) Integer.parseInt(s.substring(i, i + 4), 16));
            i += 4;
          }
          default -> throw error("bad escape \\" + e);
        }
      }
      throw error("unterminated string");
    }

    private void expect(char c) {
      if (peek() != c) {
        throw error("expected '" + c + "'");
      }
      i++;
    }

    /** The next non-blank character (0 at the end), without consuming it. */
    private char peek() {
      while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
        i++;
      }
      return i < s.length() ? s.charAt(i) : 0;
    }

    private IllegalArgumentException error(String what) {
      return new IllegalArgumentException("bad JSON at offset " + i + ": " + what);
    }
  }
}
