package io.sluice.core.sinkprocessor;

import io.sluice.api.ProbeableSink;
import io.sluice.api.Sink;
import io.sluice.api.spi.ComponentMetrics;
import io.sluice.api.spi.ComponentMetrics.Counter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The few things operators must see about a sink group, each as one INFO line naming the member
 * and its peer address, and a counter: a member penalised (with the reason), a member rejoining,
 * and traffic failing over to another member. Thread-safe.
 */
final class GroupEvents {
  private static final Logger LOG = LoggerFactory.getLogger(GroupEvents.class);
  static final String PENALTIES = "SinkPenaltyCount";
  static final String REJOINS = "SinkRejoinCount";
  static final String FAILOVERS = "SinkFailoverCount";

  private final String group;
  private final Counter penalties;
  private final Counter rejoins;
  private final Counter failovers;

  GroupEvents(String group, ComponentMetrics metrics) {
    this.group = group;
    this.penalties = metrics.counter(PENALTIES);
    this.rejoins = metrics.counter(REJOINS);
    this.failovers = metrics.counter(FAILOVERS);
  }

  void penalised(String member, Sink sink, long penaltyMillis, int streak, Throwable reason) {
    penalties.increment();
    LOG.info("Sink group {}: member {}{} penalised for {} ms ({} failure(s) in a row): {}", group,
        member, peer(sink), penaltyMillis, streak, reason.getMessage() == null ? reason.toString()
            : reason.getMessage());
  }

  void rejoined(String member, Sink sink, String how) {
    rejoins.increment();
    LOG.info("Sink group {}: member {}{} rejoined ({})", group, member, peer(sink), how);
  }

  void failedOver(String from, String to, Sink toSink) {
    failovers.increment();
    LOG.info("Sink group {}: traffic moved from {} to {}{}", group, from, to, peer(toSink));
  }

  static String peer(Sink sink) {
    return sink instanceof ProbeableSink p ? " (" + p.peer() + ")" : "";
  }
}
