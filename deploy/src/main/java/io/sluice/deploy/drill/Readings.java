package io.sluice.deploy.drill;

import java.util.Map;

/**
 * What the drill read at one tick: each node's metrics (group, then name; empty when it did not
 * answer) and, when the fault needs it, the session owning the target member's node. Immutable.
 *
 * @param memberSession the session of the target's member node, {@link #ABSENT} when it is not
 *     registered, {@link #UNKNOWN} when ZooKeeper could not be read or nobody asked
 */
record Readings(long now, Map<String, Map<String, Map<String, Long>>> edges,
    Map<String, Map<String, Map<String, Long>>> aggregators, long memberSession) {
  static final long UNKNOWN = -1;
  static final long ABSENT = 0;

  /** A gauge or counter of one node, or {@code missing} when it did not report it. */
  static long value(Map<String, Map<String, Long>> node, String group, String name, long missing) {
    Map<String, Long> g = node.get(group);
    return g == null ? missing : g.getOrDefault(name, missing);
  }

  /**
   * Failed deliveries of the edges' Avro sinks: connection failures and closes, events attempted
   * but not delivered, and sink-group penalties and failovers. It only grows while sinks fail.
   */
  static long deliveryFailures(Map<String, Map<String, Map<String, Long>>> nodes) {
    long sum = 0;
    for (Map<String, Map<String, Long>> m : nodes.values()) {
      for (Map.Entry<String, Map<String, Long>> g : m.entrySet()) {
        Map<String, Long> v = g.getValue();
        if (g.getKey().startsWith("SINK.")) {
          sum += v.getOrDefault("ConnectionFailedCount", 0L)
              + v.getOrDefault("ConnectionClosedCount", 0L)
              + v.getOrDefault("EventDrainAttemptCount", 0L)
              - v.getOrDefault("EventDrainSuccessCount", 0L);
        } else if (g.getKey().startsWith("SINK_PROCESSOR.")) {
          sum += v.getOrDefault("SinkPenaltyCount", 0L) + v.getOrDefault("SinkFailoverCount", 0L);
        }
      }
    }
    return sum;
  }

  /** Events the nodes' channels hold. */
  static long channelSize(Map<String, Map<String, Map<String, Long>>> nodes) {
    return sum(nodes, "CHANNEL.", "ChannelSize");
  }

  /** Events the nodes' sinks delivered. */
  static long sinkSuccesses(Map<String, Map<String, Map<String, Long>>> nodes) {
    return sum(nodes, "SINK.", "EventDrainSuccessCount");
  }

  /** The sum of {@code name} over every group starting with {@code groupPrefix} of every node. */
  private static long sum(Map<String, Map<String, Map<String, Long>>> nodes, String groupPrefix,
      String name) {
    long sum = 0;
    for (Map<String, Map<String, Long>> m : nodes.values()) {
      for (Map.Entry<String, Map<String, Long>> g : m.entrySet()) {
        if (g.getKey().startsWith(groupPrefix)) {
          sum += g.getValue().getOrDefault(name, 0L);
        }
      }
    }
    return sum;
  }
}
