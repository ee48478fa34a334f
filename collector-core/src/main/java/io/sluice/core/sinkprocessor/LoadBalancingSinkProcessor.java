package io.sluice.core.sinkprocessor;

import io.sluice.api.EventDeliveryException;
import io.sluice.api.SinkSelector;
import io.sluice.api.Status;
import java.util.List;

/**
 * Spreads batches over the group. Each {@code process()} asks the {@link SinkSelector} for an order
 * and runs the batch on the first free member; if it fails, the member is penalised and the next is
 * tried in the same call. Unlike Flume, whose group has one thread, a parallel group is run by one
 * runner per member ({@link #parallelism()}), so N members carry up to N batches at once; each member
 * still carries at most one. Members can be added and removed while it runs.
 *
 * <p>{@code round_robin}, {@code random} and custom selectors keep their order: a runner waits for
 * the member whose turn it is, so every member gets the same share (a slow member slows the group,
 * as in Flume). {@code least_busy} instead skips busy members, so a slow member gets less work.
 *
 * <p>Thread-safe. Member sinks are started and stopped by the runtime.
 */
public final class LoadBalancingSinkProcessor extends GroupProcessor {
  private static final long ALL_BUSY_WAIT_MILLIS = 50;
  private static final long TURN_WAIT_MILLIS = 100;

  private final SinkSelector selector;
  private final boolean parallel;
  private final boolean keepTurns;

  LoadBalancingSinkProcessor(SinkGroupState state, SinkSelector selector, boolean parallel) {
    super(state);
    this.selector = selector;
    this.parallel = parallel;
    this.keepTurns = !(selector instanceof LeastBusySelector);
  }

  @Override
  public Status process() throws EventDeliveryException {
    if (state.members().snapshot().isEmpty()) {
      return Status.BACKOFF; // a discovered group waiting for its first member: nothing failed
    }
    FailureSummary summary = new FailureSummary();
    List<SinkSelector.Member> available = state.available();
    boolean triedAny = false;
    boolean sawBusy = false;
    for (SinkSelector.Member m : selector.order(available)) {
      SinkGroupState.Attempt attempt = keepTurns
          ? state.attemptInTurn(m.name(), TURN_WAIT_MILLIS) : state.attempt(m.name());
      if (attempt.delivered()) {
        return attempt.status();
      }
      if (attempt.claimed()) {
        triedAny = true;
        summary.failed(m.name(), attempt.failure());
      } else {
        sawBusy = true;
      }
    }
    if (sawBusy) {
      // Members busy with other runners' batches are healthy: the rolled-back batch (if any) is
      // back in the channel for them, so this is no reason to back off.
      return triedAny ? Status.READY : waitForAFreeMember();
    }
    for (String name : state.members().names()) {
      if (state.isPenalised(name)) {
        summary.skipped(name, state.whyOut(name));
      }
    }
    throw summary.toException("All configured sinks have failed", state.group());
  }

  /** Every available member was busy with another runner's batch: not a failure, try again soon. */
  private Status waitForAFreeMember() {
    try {
      state.awaitAnyFree(ALL_BUSY_WAIT_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    return Status.READY;
  }

  @Override
  public int parallelism() {
    return parallel ? Math.max(1, state.members().snapshot().size()) : 1;
  }

  /** The group's current member names, in listing order. */
  public List<String> memberNames() {
    return state.members().names();
  }
}
