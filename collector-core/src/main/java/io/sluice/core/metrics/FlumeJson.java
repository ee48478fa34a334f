package io.sluice.core.metrics;

import java.util.Map;

/**
 * Flume's {@code /metrics} body: every value a string (as Flume's {@code String.valueOf} of its
 * MBean attributes), a "Type" per group taken from its prefix.
 */
final class FlumeJson {
  private FlumeJson() {}

  static String of(Map<String, Map<String, Object>> groups) {
    StringBuilder b = new StringBuilder("{");
    String sep = "";
    for (Map.Entry<String, Map<String, Object>> g : groups.entrySet()) {
      b.append(sep).append('"').append(escape(g.getKey())).append("\":{");
      int dot = g.getKey().indexOf('.');
      b.append("\"Type\":\"").append(escape(dot > 0 ? g.getKey().substring(0, dot) : g.getKey()))
          .append('"');
      for (Map.Entry<String, Object> v : g.getValue().entrySet()) {
        if (!v.getKey().equals("Type")) {
          b.append(",\"").append(escape(v.getKey())).append("\":\"")
              .append(escape(String.valueOf(v.getValue()))).append('"');
        }
      }
      b.append('}');
      sep = ",";
    }
    return b.append('}').toString();
  }

  private static String escape(String s) {
    return s.replace("\\", "\\\\").replace("\"", "\\\"");
  }
}
