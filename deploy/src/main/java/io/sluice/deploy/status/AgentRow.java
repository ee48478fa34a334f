package io.sluice.deploy.status;

import io.sluice.coordination.AgentEndpoint;

/**
 * One line of the table: an agent and what two readings a moment apart say about it. Immutable.
 *
 * @param inPerSecond events its sources accepted per second; -1 when unknown
 * @param outPerSecond events its sinks delivered per second; -1 when unknown
 * @param fill its fullest channel, 0–1; -1 when unknown or without channels
 * @param lag the p99 delivery age since the previous reading, else its oldest unread file data
 * @param errors its error counters (source and sink failures, failed connections) summed
 * @param inTier for an aggregator, whether it is a member of its tier now
 */
record AgentRow(AgentEndpoint agent, Reading now, double inPerSecond, double outPerSecond,
    double fill, Lag lag, long errors, boolean inTier) {

  static final String[] IN = {"EventAcceptedCount"};
  static final String[] OUT = {"EventDrainSuccessCount"};
  static final String[] SOURCE_ERRORS = {"ChannelWriteFail", "EventReadFail",
      "GenericProcessingFail"};
  static final String[] SINK_ERRORS = {"EventWriteFail", "ChannelReadFail",
      "ConnectionFailedCount"};

  /** The row from the latest reading and the one before it (null for the first). */
  static AgentRow of(AgentEndpoint agent, Reading before, Reading now, boolean inTier) {
    if (!now.up()) {
      return new AgentRow(agent, now, -1, -1, -1, Lag.UNKNOWN, 0, inTier);
    }
    long errors = now.sum("SOURCE.", SOURCE_ERRORS) + now.sum("SINK.", SINK_ERRORS);
    return new AgentRow(agent, now, rate(before, now, "SOURCE.", IN),
        rate(before, now, "SINK.", OUT), now.maxFill(),
        now.lag().since(before == null || !before.up() ? null : before.lag()), errors, inTier);
  }

  /** Per second between the readings; -1 without an earlier answer or when a counter went back. */
  private static double rate(Reading before, Reading now, String kind, String[] names) {
    if (before == null || !before.up() || now.nanoTime() <= before.nanoTime()) {
      return -1;
    }
    long delta = now.sum(kind, names) - before.sum(kind, names);
    return delta < 0 ? -1 : delta * 1e9 / (now.nanoTime() - before.nanoTime());
  }

  /** {@code down}, {@code ready} or {@code not ready}. */
  String state() {
    return !now.up() ? "down" : now.ready() ? "ready" : "not ready";
  }

  /** Why it is down or not ready, or an aggregator's place in its tier; empty when all is well. */
  String note() {
    if (!now.up()) {
      return now.failure();
    }
    if (!now.problems().isEmpty()) {
      return String.join("; ", now.problems());
    }
    if (agent.role() == AgentEndpoint.Role.AGGREGATOR) {
      return (inTier ? "in tier " : "not in tier ") + agent.tier();
    }
    return "";
  }
}
