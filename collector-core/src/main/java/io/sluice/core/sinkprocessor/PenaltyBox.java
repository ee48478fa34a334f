package io.sluice.core.sinkprocessor;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps failing sinks out for a while: after the n-th consecutive failure a sink is penalised for
 * {@code min(maxPenaltyMillis, 1000 × 2^n)} ms (2 s, 4 s, 8 s, ... as in Flume), measured on the
 * injected clock. A sink that can be probed stays out after its penalty too, until a probe answers
 * ({@link #release}); one that cannot is let back in on a real batch, as in Flume. A success clears
 * the record; a successful probe keeps the streak, so a member that answers probes yet fails batches
 * is kept out longer each time. The exponent is capped at 16 (Flume's cap). Thread-safe.
 */
public final class PenaltyBox {
  static final long BASE_PENALTY_MILLIS = 1000;
  private static final int MAX_EXPONENT = 16;

  private record Record(int failures, long releasedAtMillis, boolean needsProbe) {}

  private final Clock clock;
  private final long maxPenaltyMillis;
  private final Map<String, Record> records = new HashMap<>();

  public PenaltyBox(Clock clock, long maxPenaltyMillis) {
    this.clock = clock;
    this.maxPenaltyMillis = maxPenaltyMillis;
  }

  /** Records a failure of a sink that rejoins on a real batch; returns the penalty in ms. */
  public long penalise(String sink) {
    return penalise(sink, false);
  }

  /**
   * Records a failure and returns the penalty given, in ms.
   *
   * @param needsProbe true when the sink may come back only after answering a probe
   */
  public synchronized long penalise(String sink, boolean needsProbe) {
    Record previous = records.get(sink);
    int failures = previous == null ? 1 : Math.min(previous.failures() + 1, MAX_EXPONENT);
    long penalty = Math.min(maxPenaltyMillis, BASE_PENALTY_MILLIS << failures);
    records.put(sink, new Record(failures, clock.millis() + penalty, needsProbe));
    return penalty;
  }

  /** Clears the sink's failure record after a success. */
  public synchronized void pardon(String sink) {
    records.remove(sink);
  }

  /** Ends the sink's penalty now (its peer answered a probe) but remembers its failure streak. */
  public synchronized void release(String sink) {
    Record r = records.get(sink);
    if (r != null) {
      records.put(sink, new Record(r.failures(), clock.millis(), false));
    }
  }

  /** True while the sink must not get batches: penalised, or still waiting for its probe. */
  public synchronized boolean isPenalised(String sink) {
    Record r = records.get(sink);
    return r != null && (r.needsProbe() || clock.millis() < r.releasedAtMillis());
  }

  /** True when the sink's penalty is over and it waits for a probe to answer. */
  public synchronized boolean isDueForProbe(String sink) {
    Record r = records.get(sink);
    return r != null && r.needsProbe() && clock.millis() >= r.releasedAtMillis();
  }

  /** Consecutive failures recorded for the sink (0 when it has none). */
  public synchronized int failures(String sink) {
    Record r = records.get(sink);
    return r == null ? 0 : r.failures();
  }

  /** Milliseconds until the sink's penalty ends; 0 when it is not penalised. */
  public synchronized long remainingMillis(String sink) {
    Record r = records.get(sink);
    return r == null ? 0 : Math.max(0, r.releasedAtMillis() - clock.millis());
  }

  /** Forgets a sink that left the group. */
  public synchronized void forget(String sink) {
    records.remove(sink);
  }
}
