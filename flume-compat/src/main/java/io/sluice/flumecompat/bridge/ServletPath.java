package io.sluice.flumecompat.bridge;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * A request path as a servlet container serves it ({@code getServletPath()} of a servlet at
 * {@code /}): path parameters ({@code ;jsessionid=...}) dropped from every segment, escapes decoded
 * (UTF-8, else ISO-8859-1, as Jetty 9.4 falls back), {@code .} and {@code ..} segments resolved.
 * A path that climbs above the root, has a broken escape or an encoded {@code /} is refused, as
 * Jetty refuses it with a 400 before any servlet runs.
 */
final class ServletPath {
  private ServletPath() {}

  /** A path Jetty answers with a 400. */
  static final class BadPath extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadPath(String message) {
      super(message);
    }
  }

  /**
   * @param rawPath the request target's path, undecoded ({@code /a%20b;p=1/../c})
   * @throws BadPath naming the problem
   */
  static String of(String rawPath) {
    Deque<String> segments = new ArrayDeque<>();
    String[] parts = rawPath.split("/", -1);
    for (int i = 1; i < parts.length; i++) {
      String part = parts[i];
      int semi = part.indexOf(';');
      String segment = decode(semi < 0 ? part : part.substring(0, semi), rawPath);
      if (segment.indexOf('/') >= 0) {
        throw new BadPath("ambiguous path separator (an encoded '/') in " + rawPath);
      }
      boolean last = i == parts.length - 1;
      if (segment.equals(".")) {
        if (last) {
          segments.addLast("");
        }
      } else if (segment.equals("..")) {
        if (segments.isEmpty()) {
          throw new BadPath("path climbs above the root: " + rawPath);
        }
        segments.removeLast();
        if (last) {
          segments.addLast("");
        }
      } else {
        segments.addLast(segment);
      }
    }
    return "/" + String.join("/", segments);
  }

  private static String decode(String s, String rawPath) {
    if (s.indexOf('%') < 0) {
      return s;
    }
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(s.length());
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c != '%') {
        byte[] b = String.valueOf(c).getBytes(StandardCharsets.UTF_8);
        bytes.write(b, 0, b.length);
        continue;
      }
      int hi = i + 2 < s.length() ? Character.digit(s.charAt(i + 1), 16) : -1;
      int lo = hi < 0 ? -1 : Character.digit(s.charAt(i + 2), 16);
      if (lo < 0) {
        throw new BadPath("broken escape in path " + rawPath);
      }
      bytes.write(hi * 16 + lo);
      i += 2;
    }
    byte[] raw = bytes.toByteArray();
    try {
      return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(raw)).toString();
    } catch (CharacterCodingException e) {
      return new String(raw, StandardCharsets.ISO_8859_1);
    }
  }
}
