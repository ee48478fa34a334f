package io.sluice.deploy.status;

import java.util.HashMap;
import java.util.Map;

/**
 * One sample line of Prometheus' text exposition ({@code name{label="value",...} 12.0}), read
 * just far enough for the status table. Immutable.
 *
 * @param name the series name, e.g. {@code sluice_event_age_seconds_bucket}
 * @param labels its labels, values unescaped
 * @param value its value ({@code +Inf}, {@code -Inf} and {@code NaN} included)
 */
record PrometheusLine(String name, Map<String, String> labels, double value) {

  PrometheusLine {
    labels = Map.copyOf(labels);
  }

  /** The sample on {@code line}, or null for a comment, a blank line or one it cannot read. */
  static PrometheusLine parse(String line) {
    if (line.isEmpty() || line.charAt(0) == '#') {
      return null;
    }
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && line.charAt(i) != ' ') {
      i++;
    }
    String name = line.substring(0, i);
    Map<String, String> labels = new HashMap<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i = labels(line, i + 1, labels);
      if (i < 0) {
        return null;
      }
    }
    String[] rest = line.substring(i).trim().split("\\s+"); // the value, then maybe a timestamp
    Double value = number(rest[0]);
    return name.isEmpty() || value == null ? null : new PrometheusLine(name, labels, value);
  }

  /** Reads {@code k="v",...}} from {@code i}; the index after the closing brace, or -1. */
  private static int labels(String line, int i, Map<String, String> into) {
    while (i < line.length()) {
      char c = line.charAt(i);
      if (c == '}') {
        return i + 1;
      }
      if (c == ',' || c == ' ') {
        i++;
        continue;
      }
      int eq = line.indexOf('=', i);
      if (eq < 0 || eq + 1 >= line.length() || line.charAt(eq + 1) != '"') {
        return -1;
      }
      StringBuilder value = new StringBuilder();
      int j = eq + 2;
      for (; j < line.length() && line.charAt(j) != '"'; j++) {
        char v = line.charAt(j);
        if (v == '\\' && j + 1 < line.length()) {
          char e = line.charAt(++j);
          value.append(e == 'n' ? '\n' : e);
        } else {
          value.append(v);
        }
      }
      if (j >= line.length()) {
        return -1;
      }
      into.put(line.substring(i, eq).trim(), value.toString());
      i = j + 1;
    }
    return -1;
  }

  /** A sample value or a bucket bound; null when it is none. */
  static Double number(String text) {
    switch (text) {
      case "+Inf":
        return Double.POSITIVE_INFINITY;
      case "-Inf":
        return Double.NEGATIVE_INFINITY;
      case "NaN":
        return Double.NaN;
      default:
        try {
          return Double.parseDouble(text);
        } catch (NumberFormatException e) {
          return null;
        }
    }
  }
}
