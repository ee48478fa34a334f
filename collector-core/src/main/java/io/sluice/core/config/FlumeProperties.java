package io.sluice.core.config;

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

  public static Map<String, String> parse(String text) {
    try {
      return read(new StringReader(text));
    } catch (IOException e) {
      throw new IllegalStateException("reading a string cannot fail", e);
    }
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
