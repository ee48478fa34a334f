package io.sluice.core.metrics;

import java.util.Map;

/**
 * The body of {@code /sequence}: every {@code sequenceCheck}'s windows, for a tool that merges
 * those of a whole tier ({@code sluice status --sequence}). Bounded: at most {@link #MAX_STREAMS}
 * streams and {@link #MAX_RUNS} runs in all (a few MB at most); streams past that come without
 * runs ({@code "runs":null}) and {@code "complete":false} says so.
 */
final class SequenceJson {
  static final int MAX_STREAMS = 20_000;
  static final int MAX_RUNS = 100_000;

  private SequenceJson() {}

  static String of(String agentName, MonitoredAgent agent) {
    Map<String, SequenceExport> exports = agent.metrics().sequenceExports();
    StringBuilder b = new StringBuilder("{\"agent\":").append(Json.string(agentName))
        .append(",\"checks\":[");
    int streams = MAX_STREAMS;
    int runs = MAX_RUNS;
    boolean complete = true;
    String sep = "";
    for (Map.Entry<String, SequenceExport> e : exports.entrySet()) {
      SequenceExport x = e.getValue();
      b.append(sep).append("{\"component\":").append(Json.string(e.getKey()))
          .append(",\"window\":").append(x.window()).append(",\"evicted\":").append(x.evicted())
          .append(",\"streams\":[");
      sep = ",";
      String streamSep = "";
      for (SequenceStreamWindow w : x.streams(streams, runs)) {
        b.append(streamSep);
        streamSep = ",";
        append(b, w);
        streams--;
        if (w.runs() == null) {
          complete = false;
        } else {
          runs -= w.runs().length / 2;
        }
      }
      b.append("]}");
      complete &= streams > 0;
    }
    return b.append("],\"complete\":").append(complete).append('}').toString();
  }

  private static void append(StringBuilder b, SequenceStreamWindow w) {
    b.append("{\"stream\":").append(Json.string(w.stream())).append(",\"from\":").append(w.from())
        .append(",\"highest\":").append(w.highest()).append(",\"duplicates\":")
        .append(w.duplicates()).append(",\"late\":").append(w.late()).append(",\"runs\":");
    if (w.runs() == null) {
      b.append("null");
    } else {
      b.append('[');
      for (int i = 0; i < w.runs().length; i++) {
        b.append(i == 0 ? "" : ",").append(w.runs()[i]);
      }
      b.append(']');
    }
    b.append('}');
  }
}
