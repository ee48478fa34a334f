package io.sluice.core.metrics;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A strict reader of the Prometheus text format (0.0.4), for tests: every sample line must parse,
 * belong to a family declared by a {@code # TYPE} line before it, a counter's samples must end
 * in {@code _total} and a histogram's in {@code _bucket}, {@code _count} or {@code _sum}. The Java
 * client publishes no parser, hence this one. Public for other modules' tests.
 */
public final class PrometheusText {
  private static final Pattern TYPE =
      Pattern.compile("# TYPE ([a-zA-Z_:][a-zA-Z0-9_:]*) (counter|gauge|histogram|summary|info|stateset|unknown)");
  private static final Pattern SAMPLE = Pattern.compile(
      "([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{((?:[a-zA-Z_][a-zA-Z0-9_]*=\"(?:[^\"\\\\]|\\\\.)*\",?)*)\\})?"
          + " (-?[0-9.eE+-]+|NaN|\\+Inf|-Inf)");
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_][a-zA-Z0-9_]*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  private PrometheusText() {}

  /** A sample: its family's type, its labels and value. */
  public record Sample(String name, String type, Map<String, String> labels, double value) {}

  /** Every sample keyed by its name and labels as written, e.g. {@code x_total{a="b"}}. */
  public static Map<String, Sample> parse(String text) {
    Map<String, String> types = new HashMap<>();
    Map<String, Sample> out = new LinkedHashMap<>();
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("# HELP ")) {
        continue;
      }
      Matcher t = TYPE.matcher(line);
      if (t.matches()) {
        if (types.put(t.group(1), t.group(2)) != null) {
          throw new AssertionError("family declared twice: " + line);
        }
        continue;
      }
      if (line.startsWith("#")) {
        throw new AssertionError("unexpected comment: " + line);
      }
      Matcher s = SAMPLE.matcher(line);
      if (!s.matches()) {
        throw new AssertionError("not a sample line: " + line);
      }
      String name = s.group(1);
      String type = types.get(name);
      if (type == null && name.endsWith("_total")) {
        type = types.get(name.substring(0, name.length() - "_total".length()));
      }
      if (type == null) {
        type = histogramOf(types, name);
      }
      if (type == null) {
        throw new AssertionError("sample of an undeclared family: " + line);
      }
      if (type.equals("counter") != name.endsWith("_total")) {
        throw new AssertionError("a counter's samples, and only those, end in _total: " + line);
      }
      Map<String, String> labels = new LinkedHashMap<>();
      if (s.group(3) != null) {
        Matcher l = LABEL.matcher(s.group(3));
        while (l.find()) {
          labels.put(l.group(1), l.group(2));
        }
      }
      String key = name + (s.group(2) == null ? "" : s.group(2));
      if (out.put(key, new Sample(name, type, labels, Double.parseDouble(s.group(4)))) != null) {
        throw new AssertionError("duplicate series: " + key);
      }
    }
    return out;
  }

  /** "histogram" when {@code name} is a declared histogram's {@code _bucket/_count/_sum}. */
  private static String histogramOf(Map<String, String> types, String name) {
    for (String suffix : new String[] {"_bucket", "_count", "_sum"}) {
      if (name.endsWith(suffix) && "histogram".equals(
          types.get(name.substring(0, name.length() - suffix.length())))) {
        return "histogram";
      }
    }
    return null;
  }

  /**
   * The one sample named {@code name} whose labels include every one of {@code labels} (name,
   * value, name, value, ...); fails when none or several match.
   */
  public static Sample one(Map<String, Sample> samples, String name, String... labels) {
    Sample found = null;
    for (Sample s : samples.values()) {
      if (!s.name().equals(name)) {
        continue;
      }
      boolean all = true;
      for (int i = 0; i + 1 < labels.length; i += 2) {
        all &= labels[i + 1].equals(s.labels().get(labels[i]));
      }
      if (all) {
        if (found != null) {
          throw new AssertionError(
              "several samples " + name + " match " + String.join(",", labels));
        }
        found = s;
      }
    }
    if (found == null) {
      throw new AssertionError("no sample " + name + " with " + String.join(",", labels));
    }
    return found;
  }
}
