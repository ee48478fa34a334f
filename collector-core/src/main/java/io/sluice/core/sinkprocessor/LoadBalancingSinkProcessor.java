package io.sluice.core.sinkprocessor;

import io.sluice.api.EventDeliveryException;
import io.sluice.api.SinkProcessor;
import io.sluice.api.Status;
import io.sluice.core.sinkprocessor.SinkMembers.Member;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Spreads batches over the group: each {@code process()} walks the available sinks in the
 * {@link SinkOrder}'s order until one takes the batch. With a {@link PenaltyBox} (Flume's
 * {@code backoff=true}) a failing sink is left out until its penalty ends; without one, a dead sink
 * is still tried on every pass. If no sink takes the batch, {@code process()} throws "All configured
 * sinks have failed", naming each sink's error.
 *
 * <p>Member sinks are started and stopped by the runtime. Not thread-safe: called by its group's one
 * runner thread.
 */
public final class LoadBalancingSinkProcessor implements SinkProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(LoadBalancingSinkProcessor.class);

  private final String group;
  private final SinkMembers members;
  private final SinkOrder order;
  private final PenaltyBox penalties;

  /** @param penalties null to keep retrying failed sinks on every pass (Flume's backoff=false) */
  public LoadBalancingSinkProcessor(String group, SinkMembers members, SinkOrder order, PenaltyBox penalties) {
    this.group = group;
    this.members = members;
    this.order = order;
    this.penalties = penalties;
  }

  @Override
  public Status process() throws EventDeliveryException {
    FailureSummary summary = new FailureSummary();
    List<Member> available = new ArrayList<>();
    for (Member m : members.snapshot()) {
      if (penalties != null && penalties.isPenalised(m.name())) {
        summary.skipped(m.name(), "backed off for another " + penalties.remainingMillis(m.name()) + " ms");
      } else {
        available.add(m);
      }
    }
    for (Member m : order.order(available)) {
      try {
        Status status = m.sink().process();
        if (penalties != null) {
          penalties.pardon(m.name());
        }
        return status;
      } catch (EventDeliveryException | RuntimeException e) {
        summary.failed(m.name(), e);
        if (penalties != null) {
          long penalty = penalties.penalise(m.name());
          LOG.warn("Sink group {}: sink {} failed, backed off for {} ms: {}", group, m.name(), penalty, e.toString());
        } else {
          LOG.warn("Sink group {}: sink {} failed, trying the next: {}", group, m.name(), e.toString());
        }
      }
    }
    throw summary.toException("All configured sinks have failed", group);
  }

  /** The group's membership, replaceable at run time. */
  public SinkMembers members() {
    return members;
  }

  /** Consecutive failures recorded for a sink (0 without backoff). */
  public int failures(String sink) {
    return penalties == null ? 0 : penalties.failures(sink);
  }
}
