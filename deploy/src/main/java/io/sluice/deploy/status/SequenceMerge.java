package io.sluice.deploy.status;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Unions the windows of every aggregator of a tier, per stream: a number is received when any
 * aggregator received it, a gap when none did, and each copy past the first is a duplicate, so
 * losses and duplicates that crossed aggregators (a batch resent to another one after a timeout or
 * a kill) are counted exactly, which no single aggregator can. Only numbers every window still
 * covers are checked: from the highest {@code from} of the aggregators holding the stream. A
 * stateless function.
 */
public final class SequenceMerge {
  private SequenceMerge() {}

  /** One count per stream, sorted by stream. */
  public static List<StreamCount> merge(List<StreamWindow> windows) {
    Map<String, List<StreamWindow>> byStream = new TreeMap<>();
    for (StreamWindow w : windows) {
      byStream.computeIfAbsent(w.stream(), s -> new ArrayList<>()).add(w);
    }
    List<StreamCount> out = new ArrayList<>();
    byStream.forEach((stream, ws) -> out.add(count(stream, ws)));
    return out;
  }

  private static StreamCount count(String stream, List<StreamWindow> ws) {
    long from = 0;
    long highest = -1;
    long within = 0;
    boolean complete = true;
    for (StreamWindow w : ws) {
      from = Math.max(from, w.from());
      highest = Math.max(highest, w.highest());
      within += w.duplicates();
      complete &= w.runs() != null;
    }
    if (!complete) {
      return new StreamCount(stream, ws.size(), from, highest, 0, within, 0, 0, false);
    }
    // Coverage changes: +1 where a run starts, -1 after it ends, clipped to [from, highest].
    TreeMap<Long, Integer> steps = new TreeMap<>();
    for (StreamWindow w : ws) {
      long[] r = w.runs();
      for (int i = 0; i + 1 < r.length; i += 2) {
        long first = Math.max(from, r[i]);
        long last = Math.min(highest, r[i + 1]);
        if (first <= last) {
          steps.merge(first, 1, Integer::sum);
          steps.merge(last + 1, -1, Integer::sum);
        }
      }
    }
    long distinct = 0;
    long across = 0;
    int coverage = 0;
    long at = from;
    for (Map.Entry<Long, Integer> step : steps.entrySet()) {
      long length = step.getKey() - at;
      if (coverage > 0) {
        distinct += length;
        across += (coverage - 1) * length;
      }
      coverage += step.getValue();
      at = step.getKey();
    }
    long checked = highest - from + 1;
    return new StreamCount(stream, ws.size(), from, highest, distinct, within + across, across,
        checked - distinct, true);
  }
}
