package io.sluice.deploy.quickstart;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The live progress line: events/s and channel fill per node (from the nodes' metrics) and events
 * landed in HDFS. Keeps the previous counters to turn totals into rates. Not thread-safe.
 */
final class Progress {
  private final Map<String, Long> lastCount = new HashMap<>();
  private final Map<String, Long> produced = new LinkedHashMap<>();
  private long lastNanos = -1;

  /**
   * One line for the latest readings ({@code metrics} by node name), short enough for a
   * 100-column terminal: {@code "  12s | agg1 198/s ch 0% | ... | HDFS 4000"}.
   */
  String line(long elapsedSeconds, Map<String, Map<String, Map<String, Long>>> metrics,
      long landed, long nowNanos) {
    double seconds = lastNanos < 0 ? 0 : (nowNanos - lastNanos) / 1e9;
    lastNanos = nowNanos;
    StringBuilder b = new StringBuilder().append(String.format("%4ds", elapsedSeconds));
    metrics.forEach((node, m) -> {
      long count = value(m, "SOURCE.r1", "EventAcceptedCount");
      if (node.startsWith("edge") && count > 0) {
        produced.put(node, count);
      }
      Long before = lastCount.put(node, count);
      long rate = before == null || seconds <= 0 ? 0 : Math.round((count - before) / seconds);
      b.append(" | ").append(node).append(' ');
      if (m.isEmpty()) {
        b.append("down");
      } else {
        b.append(String.format("%d/s ch %d%%", rate,
            value(m, "CHANNEL.c1", "ChannelFillPercentage")));
      }
    });
    return b.append(" | HDFS ").append(landed).toString();
  }

  /** The last EventAcceptedCount seen per edge (a fallback when its log has no final count). */
  Map<String, Long> produced() {
    return produced;
  }

  private static long value(Map<String, Map<String, Long>> m, String group, String name) {
    Map<String, Long> g = m.get(group);
    return g == null ? 0 : g.getOrDefault(name, 0L);
  }
}
