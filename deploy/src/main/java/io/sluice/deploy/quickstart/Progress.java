package io.sluice.deploy.quickstart;

import java.util.HashMap;
import java.util.Map;

/**
 * The live progress line: lines/s the log writers append and their rotations (from their
 * ledgers), events/s and channel fill per node (from the nodes' metrics) and events landed in
 * HDFS. Keeps the previous counters to turn totals into rates. Not thread-safe.
 */
final class Progress {
  private static final String WRITERS = "log writers";
  private final Map<String, Long> lastCount = new HashMap<>();
  private long lastNanos = -1;

  /**
   * One line for the latest readings ({@code metrics} by node name, {@code ledgers} by edge):
   * {@code "  12s | logs 400/s rot 2+2 | agg1 198/s ch 0% | ... | HDFS 4000"}, where
   * {@code rot R+C} counts rename and copytruncate rotations.
   */
  String line(long elapsedSeconds, Map<String, Map<String, Map<String, Long>>> metrics,
      Map<String, Ledger> ledgers, long landed, long nowNanos) {
    double seconds = lastNanos < 0 ? 0 : (nowNanos - lastNanos) / 1e9;
    lastNanos = nowNanos;
    StringBuilder b = new StringBuilder().append(String.format("%4ds", elapsedSeconds));
    if (!ledgers.isEmpty()) {
      long written = 0;
      long renames = 0;
      long copytruncates = 0;
      for (Ledger l : ledgers.values()) {
        written += l.written();
        renames += l.renames();
        copytruncates += l.copytruncates();
      }
      b.append(String.format(" | logs %d/s rot %d+%d", rate(WRITERS, written, seconds), renames,
          copytruncates));
    }
    metrics.forEach((node, m) -> {
      long count = value(m, "SOURCE.r1", "EventAcceptedCount");
      long rate = rate(node, count, seconds);
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

  private long rate(String key, long count, double seconds) {
    Long before = lastCount.put(key, count);
    return before == null || seconds <= 0 ? 0 : Math.round((count - before) / seconds);
  }

  private static long value(Map<String, Map<String, Long>> m, String group, String name) {
    Map<String, Long> g = m.get(group);
    return g == null ? 0 : g.getOrDefault(name, 0L);
  }
}
