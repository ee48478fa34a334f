package io.sluice.deploy.drill;

import java.util.Map;
import java.util.function.ToLongFunction;

/**
 * Times a fault from what the drill reads every tick: when it was detected, and, for faults that
 * heal by themselves or through a restore, when the cluster was back. What "detected" and "back"
 * mean depends on the fault (see {@link #of}). Used from the drill's thread only.
 */
abstract class FaultWatch {
  private long detectedAt = -1;
  private long rejoinedAt = -1;

  /** The right watch for a fault; {@code target} is an edge's or aggregator's name. */
  static FaultWatch of(FaultKind kind, String target, boolean targetIsEdge) {
    return switch (kind) {
      case KILL, STOP -> new DeliveryFailures();
      case ZK_EXPIRE -> targetIsEdge ? SessionChange.edge(target) : SessionChange.member();
      case ZK_STOP -> new EdgesReconnect();
      case NN_RESTART -> new HdfsWrites();
      case NN_FAILOVER -> new HdfsWrites.ThroughFailover();
      case ROTATE -> new RotationSeen();
    };
  }

  /** The state right before the fault. */
  abstract void atFault(Readings r);

  /** The state right after the restore. */
  void atRestore(Readings r) {}

  abstract boolean detected(Readings r);

  /** Whether the cluster is back; {@code restored}: the restore has been done. */
  boolean rejoined(Readings r, boolean restored) {
    return false;
  }

  /** What "detected" means, for the report's notes. */
  abstract String detectMeans();

  /** The report row of the "back" time and its JSON key, or null when it has none. */
  String[] rejoinLabelAndKey() {
    return null;
  }

  /** The fault's own "back" time, counted from {@code from}; null when it has none. */
  Timing rejoin(long from) {
    String[] row = rejoinLabelAndKey();
    return row == null ? null : new Timing(row[0], row[1], rejoinedAt < 0 || from < 0
        ? Timing.NOT_HAPPENED : Math.max(0, rejoinedAt - from));
  }

  /** Every reading after the fault, before {@link #detected} and {@link #rejoined}. */
  void observe(Readings r) {}

  final void poll(Readings r, boolean restored) {
    observe(r);
    if (detectedAt < 0 && detected(r)) {
      detectedAt = r.now();
    }
    if (rejoinedAt < 0 && rejoined(r, restored)) {
      rejoinedAt = r.now();
    }
  }

  long detectedAt() {
    return detectedAt;
  }

  long rejoinedAt() {
    return rejoinedAt;
  }

  /** kill/stop: an edge's sink fails (connection refused or timed out, a penalty, a failover). */
  static final class DeliveryFailures extends FaultWatch {
    private long before;

    @Override
    void atFault(Readings r) {
      before = Readings.deliveryFailures(r.edges());
    }

    @Override
    boolean detected(Readings r) {
      return Readings.deliveryFailures(r.edges()) > before;
    }

    @Override
    String detectMeans() {
      return "detect = an edge's sink metrics show a failed delivery";
    }
  }

  /**
   * zk-expire: the target's session (an aggregator's member node's owner, an edge's
   * {@code ZooKeeperSessionId}) changes, and a new one appears.
   */
  static final class SessionChange extends FaultWatch {
    private final ToLongFunction<Readings> session;
    private final String means;
    private final String[] rejoin;
    private long before;

    private SessionChange(ToLongFunction<Readings> session, String means, String label,
        String key) {
      this.session = session;
      this.means = means;
      this.rejoin = new String[] {label, key};
    }

    /** The member node of the target aggregator goes with the session, and comes back. */
    static SessionChange member() {
      return new SessionChange(Readings::memberSession, "detect = the member node is gone (or "
          + "already owned by a new session); re-register = the member node is back, owned by a "
          + "new session", "time to re-register", "reregisterMillis");
    }

    /** The edge's discovery client loses the session and opens a new one. */
    static SessionChange edge(String edge) {
      return new SessionChange(r -> Readings.value(r.edges().getOrDefault(edge, Map.of()),
          "DISCOVERY.g1", "ZooKeeperSessionId", Readings.UNKNOWN), "detect = the edge's "
          + "ZooKeeperSessionId metric changed (0 while it has none); new session = it shows a "
          + "new session", "time to new session", "newSessionMillis");
    }

    @Override
    void atFault(Readings r) {
      before = session.applyAsLong(r);
    }

    @Override
    boolean detected(Readings r) {
      long s = session.applyAsLong(r);
      return s != Readings.UNKNOWN && s != before;
    }

    @Override
    boolean rejoined(Readings r, boolean restored) {
      long s = session.applyAsLong(r);
      return s > 0 && s != before;
    }

    @Override
    String detectMeans() {
      return means;
    }

    @Override
    String[] rejoinLabelAndKey() {
      return rejoin.clone();
    }
  }

  /** zk-stop: edges lose their ZooKeeper connection, and regain it once it runs again. */
  static final class EdgesReconnect extends FaultWatch {
    /** Of the edges that answered: how many are connected, and how many answered. */
    private static int[] connected(Readings r) {
      int up = 0;
      int answering = 0;
      for (Map<String, Map<String, Long>> m : r.edges().values()) {
        if (!m.isEmpty()) {
          answering++;
          up += Readings.value(m, "DISCOVERY.g1", "ZooKeeperConnected", 0) == 1 ? 1 : 0;
        }
      }
      return new int[] {up, answering};
    }

    @Override
    void atFault(Readings r) {}

    @Override
    boolean detected(Readings r) {
      int[] c = connected(r);
      return c[0] < c[1];
    }

    @Override
    boolean rejoined(Readings r, boolean restored) {
      int[] c = connected(r);
      return restored && c[1] > 0 && c[0] == c[1];
    }

    @Override
    String detectMeans() {
      return "detect = an edge's ZooKeeperConnected metric is 0; reconnected = every edge's is 1 "
          + "again, counted from the restore";
    }

    @Override
    String[] rejoinLabelAndKey() {
      return new String[] {"reconnected after restore", "reconnectAfterRestoreMillis"};
    }
  }

  /**
   * rotate: an edge's TAILDIR source shows the first rotation: it follows more files than before
   * (a renamed-away file it finishes beside the new one) or saw a truncation (copytruncate).
   */
  static final class RotationSeen extends FaultWatch {
    private long tracked;
    private long truncations;

    private static long sum(Readings r, String name) {
      long sum = 0;
      for (Map<String, Map<String, Long>> m : r.edges().values()) {
        sum += Math.max(0, Readings.value(m, "SOURCE.r1", name, 0));
      }
      return sum;
    }

    @Override
    void atFault(Readings r) {
      tracked = sum(r, "TrackedFiles");
      truncations = sum(r, "FilesTruncatedCount");
    }

    @Override
    boolean detected(Readings r) {
      return sum(r, "TrackedFiles") > tracked || sum(r, "FilesTruncatedCount") > truncations;
    }

    @Override
    String detectMeans() {
      return "detect = an edge's TAILDIR source follows a renamed-away file beside the new one, "
          + "or saw a truncation (its TrackedFiles or FilesTruncatedCount grew)";
    }
  }

  /**
   * nn-restart: the aggregators' HDFS sinks stop delivering while events wait in their channels,
   * and deliver again once the NameNode is back.
   */
  static class HdfsWrites extends FaultWatch {
    private static final long STALL_MILLIS = 1000;
    private static final String DETECT_STALL = "detect = the aggregators' HDFS sinks delivered "
        + "nothing for 1 s with events waiting ";
    private long lastDelivered = -1;
    private long lastProgressAt;
    private long longestStall;
    private long atRestore = Long.MAX_VALUE;

    @Override
    void atFault(Readings r) {
      lastDelivered = Readings.sinkSuccesses(r.aggregators());
      lastProgressAt = r.now();
    }

    @Override
    void atRestore(Readings r) {
      atRestore = Readings.sinkSuccesses(r.aggregators());
    }

    /**
     * A reading shows progress when the sinks delivered more, or had nothing to deliver; one in
     * which no aggregator answered shows nothing.
     */
    @Override
    void observe(Readings r) {
      long delivered = Readings.sinkSuccesses(r.aggregators());
      boolean answered = r.aggregators().values().stream().anyMatch(m -> !m.isEmpty());
      if (answered && (delivered != lastDelivered
          || Readings.channelSize(r.aggregators()) == 0)) {
        lastDelivered = delivered;
        lastProgressAt = r.now();
      }
      longestStall = Math.max(longestStall, r.now() - lastProgressAt);
    }

    @Override
    boolean detected(Readings r) {
      return r.now() - lastProgressAt >= STALL_MILLIS;
    }

    /** The longest time, from the fault on, the sinks delivered nothing with events waiting. */
    long longestStall() {
      return longestStall;
    }

    @Override
    boolean rejoined(Readings r, boolean restored) {
      return restored && Readings.sinkSuccesses(r.aggregators()) > atRestore;
    }

    @Override
    String detectMeans() {
      return DETECT_STALL + "(so it includes that second); writing again = they deliver again, "
          + "counted from the restore";
    }

    @Override
    String[] rejoinLabelAndKey() {
      return new String[] {"writing again after restore", "writingAfterRestoreMillis"};
    }

    /**
     * nn-failover: what counts is how long writing stalled while the clients found the new active
     * NameNode (the restore only brings back a standby).
     */
    static final class ThroughFailover extends HdfsWrites {
      @Override
      boolean rejoined(Readings r, boolean restored) {
        return false;
      }

      @Override
      String detectMeans() {
        return DETECT_STALL + "(- when writing never stalled that long); longest write stall = "
            + "the longest time, from the fault on, they delivered nothing with events waiting";
      }

      @Override
      String[] rejoinLabelAndKey() {
        return new String[] {"longest write stall", "writeStallMillis"};
      }

      @Override
      Timing rejoin(long from) {
        String[] row = rejoinLabelAndKey();
        return new Timing(row[0], row[1], longestStall());
      }
    }
  }
}
