package io.sluice.core.config;

import io.sluice.api.config.ConfigException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;

/**
 * Reads Flume's properties format (java.util.Properties syntax: escapes, continuation lines,
 * comments) into a sorted key/value map; sorted so that reports and reload diffs are stable.
 */
public final class FlumeProperties {
  private FlumeProperties() {}

  public static Map<String, String> read(Path file) throws IOException {
    try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      return read(r);
    }
  }

  /**
   * @throws ConfigException naming the line of a malformed {@code \\uXXXX} escape, which
   *     {@link Properties#load} reports without saying where
   */
  public static Map<String, String> parse(String text) {
    try {
      return read(new StringReader(text));
    } catch (IOException e) {
      throw new IllegalStateException("reading a string cannot fail", e);
    } catch (IllegalArgumentException e) {
      int line = malformedEscapeLine(text);
      throw new ConfigException(line > 0 ? "line " + line : "(text)",
          "malformed \\uXXXX escape (four hex digits must follow \\u)");
    }
  }

  /** The 1-based line of the first {@code \\u} not followed by four hex digits, or 0. */
  static int malformedEscapeLine(String text) {
    String[] lines = text.split("\r\n|\r|\n", -1);
    for (int n = 0; n < lines.length; n++) {
      String l = lines[n].stripLeading();
      if (l.startsWith("#") || l.startsWith("!")) {
        continue; // escapes in comments are not read
      }
      for (int i = 0; i + 1 < l.length(); i++) {
        if (l.charAt(i) != '\\') {
          continue;
        }
        if (l.charAt(i + 1) == 'u' && !isHex4(l, i + 2)) {
          return n + 1;
        }
        i++; // the escaped character, so "\\\\u" is a backslash then a 'u'
      }
    }
    return 0;
  }

  private static boolean isHex4(String s, int from) {
    if (from + 4 > s.length()) {
      return false;
    }
    for (int i = from; i < from + 4; i++) {
      if ("0123456789abcdefABCDEF".indexOf(s.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  private static Map<String, String> read(Reader reader) throws IOException {
    Properties p = new Properties();
    p.load(reader);
    Map<String, String> out = new TreeMap<>();
    for (String name : p.stringPropertyNames()) {
      out.put(name.trim(), p.getProperty(name));
    }
    return out;
  }

  /** The keys under {@code prefix}, with the prefix removed, in sorted order. */
  public static Map<String, String> under(Map<String, String> props, String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    props.forEach((k, v) -> {
      if (k.startsWith(prefix) && k.length() > prefix.length()) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return out;
  }

  /**
   * The agents a config defines: every prefix with an {@code <agent>.sources}, {@code .channels},
   * {@code .sinks} or {@code .sinkgroups} list, sorted.
   */
  public static java.util.SortedSet<String> agentNames(Map<String, String> props) {
    java.util.SortedSet<String> agents = new java.util.TreeSet<>();
    props.keySet().forEach(k -> {
      int dot = k.indexOf('.');
      if (dot > 0 && java.util.List.of("sources", "channels", "sinks", "sinkgroups")
          .contains(k.substring(dot + 1))) {
        agents.add(k.substring(0, dot));
      }
    });
    return agents;
  }
}
