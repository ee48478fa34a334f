package io.sluice.core.metrics;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.LongSupplier;

/**
 * Keeps an aggregator from being ready while one of its channels stays nearly full
 * ({@link FullChannelLimits}), so that it leaves its ZooKeeper tier and edges send elsewhere until
 * it has drained. The fill is sampled whenever readiness is asked for (the aggregator's
 * registration asks several times a second); the time above the mark runs from the first sample
 * at or above it. Thread-safe.
 */
public final class FullChannelReadiness {
  private final FullChannelLimits limits;
  private final LongSupplier nanoTime;
  /** By channel name: since when (nanoTime) the fill is at or above the mark; absent when below. */
  private final Map<String, Long> aboveSince = new HashMap<>();
  private final Set<String> full = new HashSet<>();

  /** @param nanoTime a monotonic clock in nanoseconds ({@code System::nanoTime}) */
  public FullChannelReadiness(FullChannelLimits limits, LongSupplier nanoTime) {
    this.limits = limits;
    this.nanoTime = nanoTime;
  }

  /** {@code agent} as the monitoring endpoints and the registration see it: with this check. */
  public MonitoredAgent gate(MonitoredAgent agent) {
    return new Gated(agent, this);
  }

  /** One line per channel that counts as full now; empty when none does. */
  public synchronized List<String> problems(MonitoredAgent agent) {
    long now = nanoTime.getAsLong();
    Set<String> seen = new HashSet<>();
    List<String> out = new ArrayList<>();
    for (ComponentStatus c : agent.status().components()) {
      if (c.kind() != ComponentKind.CHANNEL) {
        continue;
      }
      seen.add(c.name());
      long capacity = agent.metrics().value(c.group(), "ChannelCapacity");
      if (capacity <= 0) {
        continue;
      }
      double fill = (double) agent.metrics().value(c.group(), "ChannelSize") / capacity;
      if (isFull(c.name(), fill, now)) {
        out.add("channel " + c.name() + " is " + FullChannelLimits.percent(fill) + " full ("
            + limits.describe() + ")");
      }
    }
    aboveSince.keySet().retainAll(seen); // channels removed by a reload
    full.retainAll(seen);
    return out;
  }

  private boolean isFull(String channel, double fill, long now) {
    if (full.contains(channel)) {
      if (fill < limits.readyBelow()) {
        full.remove(channel);
        aboveSince.remove(channel);
        return false;
      }
      return true;
    }
    if (fill < limits.fullAt()) {
      aboveSince.remove(channel);
      return false;
    }
    long since = aboveSince.computeIfAbsent(channel, k -> now);
    if (now - since >= limits.fullFor().toNanos()) {
      full.add(channel);
      return true;
    }
    return false;
  }

  /** An agent whose readiness includes this check; the rest is the agent's own. */
  private record Gated(MonitoredAgent agent, FullChannelReadiness check) implements MonitoredAgent {
    @Override
    public String name() {
      return agent.name();
    }

    @Override
    public MetricsRegistry metrics() {
      return agent.metrics();
    }

    @Override
    public AgentStatus status() {
      return agent.status();
    }

    @Override
    public List<String> moreReadinessProblems() {
      List<String> out = new ArrayList<>(agent.moreReadinessProblems());
      out.addAll(check.problems(agent));
      return out;
    }
  }
}
