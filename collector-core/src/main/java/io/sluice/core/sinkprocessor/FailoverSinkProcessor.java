package io.sluice.core.sinkprocessor;

import io.sluice.api.EventDeliveryException;
import io.sluice.api.SinkProcessor;
import io.sluice.api.Status;
import io.sluice.core.sinkprocessor.SinkMembers.Member;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends every batch to the most preferred sink that is not penalised (see {@link PriorityOrder}).
 * When that sink fails, it goes into the {@link PenaltyBox} and the next one is tried in the same
 * call. A sink whose penalty has expired is tried again on a real batch; if it succeeds it is
 * pardoned and, being preferred, takes the traffic back at once (failback). If no sink takes the
 * batch, {@code process()} throws "All sinks failed", naming each sink's last error.
 *
 * <p>Member sinks are started and stopped by the runtime, not by this processor. Not thread-safe:
 * called by its group's one runner thread.
 */
public final class FailoverSinkProcessor implements SinkProcessor {
  private static final Logger LOG = LoggerFactory.getLogger(FailoverSinkProcessor.class);

  private final String group;
  private final SinkMembers members;
  private final PriorityOrder order;
  private final PenaltyBox penalties;
  private final Map<String, String> lastErrors = new HashMap<>();
  private String active;

  public FailoverSinkProcessor(String group, SinkMembers members, FailoverConfig config, Clock clock) {
    this.group = group;
    this.members = members;
    this.order = new PriorityOrder(config.priorities());
    this.penalties = new PenaltyBox(clock, config.maxPenaltyMillis());
  }

  @Override
  public Status process() throws EventDeliveryException {
    FailureSummary summary = new FailureSummary();
    for (Member m : order.order(members.snapshot())) {
      if (penalties.isPenalised(m.name())) {
        summary.skipped(m.name(), "penalised for another " + penalties.remainingMillis(m.name())
            + " ms after: " + lastErrors.get(m.name()));
        continue;
      }
      try {
        Status status = m.sink().process();
        succeeded(m.name());
        return status;
      } catch (EventDeliveryException | RuntimeException e) {
        long penalty = penalties.penalise(m.name());
        lastErrors.put(m.name(), String.valueOf(e.getMessage()));
        LOG.warn("Sink group {}: sink {} failed ({} in a row), kept out for {} ms: {}", group, m.name(),
            penalties.failures(m.name()), penalty, e.toString());
        summary.failed(m.name(), e);
      }
    }
    throw summary.toException("All sinks failed", group);
  }

  private void succeeded(String sink) {
    penalties.pardon(sink);
    lastErrors.remove(sink);
    if (!sink.equals(active)) {
      LOG.info("Sink group {}: sink {} is now active{}", group, sink, active == null ? "" : " (was " + active + ")");
      active = sink;
    }
  }

  /** The sink that took the last batch, or null before the first success. */
  public String activeSink() {
    return active;
  }

  /** Consecutive failures recorded for a sink, for tests and status pages. */
  public int failures(String sink) {
    return penalties.failures(sink);
  }

  /** The group's membership, replaceable at run time. */
  public SinkMembers members() {
    return members;
  }
}
