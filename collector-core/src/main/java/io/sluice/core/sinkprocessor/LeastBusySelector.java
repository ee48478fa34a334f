package io.sluice.core.sinkprocessor;

import io.sluice.api.SinkSelector;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Sluice's {@code least_busy}: the member with the fewest batches in flight first, and among equals
 * the one with the lowest recent latency, so a slow aggregator gets less work instead of the same
 * share. Members with no latency yet count as fastest, so a new member is tried at once.
 * Thread-safe (stateless).
 */
public final class LeastBusySelector implements SinkSelector {
  private static final Comparator<Member> LEAST_BUSY = Comparator
      .comparingInt(Member::inFlight)
      .thenComparingLong(Member::recentLatencyMicros);

  @Override
  public List<Member> order(List<Member> available) {
    List<Member> out = new ArrayList<>(available);
    out.sort(LEAST_BUSY);
    return out;
  }
}
