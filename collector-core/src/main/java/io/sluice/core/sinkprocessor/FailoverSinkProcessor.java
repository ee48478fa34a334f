package io.sluice.core.sinkprocessor;

import io.sluice.api.EventDeliveryException;
import io.sluice.api.Status;
import io.sluice.core.sinkprocessor.SinkMembers.Member;

/**
 * Sends every batch to the most preferred member that is not penalised (see
 * {@link PriorityOrder}). When it fails, it is penalised and the next member is tried in the same
 * call, so a dead member costs one failed attempt, not a stall. A penalised member that can be
 * probed comes back only when its peer answers a probe; one that cannot is tried again on a real
 * batch once its penalty is over (Flume's way). Being preferred, a member that is back takes the
 * traffic back at once (failback). If no member takes the batch, {@code process()} throws "All sinks
 * failed", naming each member's error.
 *
 * <p>One batch at a time (parallelism 1). Thread-safe for membership changes; member sinks are
 * started and stopped by the runtime.
 */
public final class FailoverSinkProcessor extends GroupProcessor {
  private final PriorityOrder order;
  private volatile String active;

  FailoverSinkProcessor(SinkGroupState state, PriorityOrder order) {
    super(state);
    this.order = order;
  }

  @Override
  public Status process() throws EventDeliveryException {
    if (state.members().snapshot().isEmpty()) {
      return Status.BACKOFF; // a discovered group waiting for its first member: nothing failed
    }
    FailureSummary summary = new FailureSummary();
    for (Member m : order.order(state.members().snapshot())) {
      if (state.isPenalised(m.name())) {
        summary.skipped(m.name(), state.whyOut(m.name()));
        continue;
      }
      SinkGroupState.Attempt attempt = state.attempt(m.name());
      if (attempt.delivered()) {
        becameActive(m);
        return attempt.status();
      }
      if (attempt.claimed()) {
        summary.failed(m.name(), attempt.failure());
      }
    }
    throw summary.toException("All sinks failed", state.group());
  }

  private void becameActive(Member m) {
    String previous = active;
    if (!m.name().equals(previous)) {
      active = m.name();
      if (previous != null) {
        state.events().failedOver(previous, m.name(), m.sink());
      }
    }
  }

  /** The member that took the last batch, or null before the first success. */
  public String activeSink() {
    return active;
  }
}
