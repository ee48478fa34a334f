package io.sluice.core.sinkprocessor;

import java.time.Clock;
import java.util.HashMap;
import java.util.Map;

/**
 * Keeps failing sinks out for a while: after the n-th consecutive failure a sink is penalised for
 * {@code min(maxPenaltyMillis, 1000 × 2^n)} ms (2 s, 4 s, 8 s, ... as in Flume), measured on the
 * injected clock. A success clears the sink's record. The exponent is capped at 16 (Flume's cap).
 *
 * <p>Unlike Flume's load-balancing selector, which forgets a failure streak only after an hour
 * without failures, a success resets the streak here for both processors.
 *
 * <p>Not thread-safe: used by the one thread that runs its sink group.
 */
public final class PenaltyBox {
  static final long BASE_PENALTY_MILLIS = 1000;
  private static final int MAX_EXPONENT = 16;

  private record Record(int failures, long releasedAtMillis) {}

  private final Clock clock;
  private final long maxPenaltyMillis;
  private final Map<String, Record> records = new HashMap<>();

  public PenaltyBox(Clock clock, long maxPenaltyMillis) {
    this.clock = clock;
    this.maxPenaltyMillis = maxPenaltyMillis;
  }

  /** Records a failure and returns the penalty given, in ms. */
  public long penalise(String sink) {
    Record previous = records.get(sink);
    int failures = previous == null ? 1 : Math.min(previous.failures() + 1, MAX_EXPONENT);
    long penalty = Math.min(maxPenaltyMillis, BASE_PENALTY_MILLIS << failures);
    records.put(sink, new Record(failures, clock.millis() + penalty));
    return penalty;
  }

  /** Clears the sink's failure record after a success. */
  public void pardon(String sink) {
    records.remove(sink);
  }

  public boolean isPenalised(String sink) {
    Record r = records.get(sink);
    return r != null && clock.millis() < r.releasedAtMillis();
  }

  /** Consecutive failures recorded for the sink (0 when it has none). */
  public int failures(String sink) {
    Record r = records.get(sink);
    return r == null ? 0 : r.failures();
  }

  /** Milliseconds until the sink's penalty ends; 0 when it is not penalised. */
  public long remainingMillis(String sink) {
    Record r = records.get(sink);
    return r == null ? 0 : Math.max(0, r.releasedAtMillis() - clock.millis());
  }

  /** Forgets sinks that left the group. */
  public void retainOnly(java.util.Collection<String> names) {
    records.keySet().retainAll(names);
  }
}
