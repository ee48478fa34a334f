package io.sluice.core.sinkprocessor;

import io.sluice.api.SinkProcessor;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigPrefix;
import io.sluice.api.config.ConfigProblem;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.SinkGroupContext;
import io.sluice.api.spi.SinkProcessorFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Makes the {@code failover} sink processor (Flume's FailoverSinkProcessor). Stateless. */
public final class FailoverSinkProcessorFactory implements SinkProcessorFactory<FailoverConfig> {
  static final String PRIORITY_PREFIX = "priority.";
  static final ConfigPrefix<Integer> PRIORITY = ConfigPrefix.integers(PRIORITY_PREFIX)
      .doc("Priority of the named sink; higher is preferred; values must be unique");
  static final ConfigKey<Long> MAX_PENALTY = ConfigKey.longInt("maxpenalty").defaultValue(30_000L)
      .atLeast(0).doc("Longest time (ms) a failed sink is kept out before it is tried again");
  static final ConfigKey<Long> PROBE_INTERVAL = ConfigKey.longInt("probeInterval")
      .defaultValue(500L).atLeast(10)
      .doc("How often (ms) a penalised member whose penalty is over is probed; it rejoins when its"
          + " peer answers");

  @Override
  public String type() {
    return "failover";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("org.apache.flume.sink.FailoverSinkProcessor");
  }

  @Override
  public Class<?> componentClass() {
    return FailoverSinkProcessor.class;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.of(MAX_PENALTY, PROBE_INTERVAL).withPrefixes(PRIORITY);
  }

  @Override
  public FailoverConfig configure(ConfigValues values) {
    Map<String, Integer> priorities = values.get(PRIORITY);
    Map<Integer, String> owners = new HashMap<>();
    List<ConfigProblem> problems = new ArrayList<>();
    priorities.forEach((sink, priority) -> {
      String other = owners.putIfAbsent(priority, sink);
      if (other != null) {
        problems.add(new ConfigProblem(PRIORITY_PREFIX + sink, "priority " + priority
            + " is already given to sink '" + other + "'; priorities must be unique"));
      }
    });
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new FailoverConfig(priorities, values.get(MAX_PENALTY), values.get(PROBE_INTERVAL));
  }

  @Override
  public SinkProcessor create(FailoverConfig config, SinkGroupContext context) {
    GroupChecks.requireAtLeast(context, 1, "failover");
    GroupChecks.requireMembers(config.priorities().keySet(), PRIORITY_PREFIX, context);
    SinkGroupState state = new SinkGroupState(context.componentName(),
        new SinkMembers(context.sinks()), new PenaltyBox(context.clock(), config.maxPenaltyMillis()),
        context.metrics(), context.threadFactory("prober"),
        Duration.ofMillis(config.probeIntervalMillis()));
    return new FailoverSinkProcessor(state, new PriorityOrder(config.priorities()));
  }
}
