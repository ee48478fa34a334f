package io.sluice.core.sinkprocessor;

import io.sluice.api.SinkProcessor;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.SinkGroupContext;
import io.sluice.api.spi.SinkProcessorFactory;
import java.time.Duration;
import java.util.Set;

/**
 * Makes the {@code load_balance} sink processor (Flume's LoadBalancingSinkProcessor). Custom
 * selector classes (Flume's FQCN of an AbstractSinkSelector) are not supported yet and are a config
 * error. Stateless.
 */
public final class LoadBalancingSinkProcessorFactory implements SinkProcessorFactory<LoadBalancingConfig> {
  static final ConfigKey<Boolean> BACKOFF = ConfigKey.bool("backoff").defaultValue(true)
      .doc("Keep a failed sink out for a growing time (2 s, 4 s, ... up to selector.maxTimeOut);"
          + " Flume's default is false");
  static final ConfigKey<String> SELECTOR = ConfigKey.string("selector")
      .defaultValue(SinkSelectors.ROUND_ROBIN)
      .doc("round_robin, random, least_busy, or a class implementing io.sluice.api.SinkSelector");
  static final ConfigKey<Long> MAX_TIME_OUT = ConfigKey.longInt("selector.maxTimeOut")
      .defaultValue(30_000L).atLeast(0).doc("Longest time (ms) a failed sink is kept out when backoff is on");
  static final ConfigKey<Boolean> PARALLEL = ConfigKey.bool("parallel").defaultValue(true)
      .doc("Run one runner per member, so N members carry N batches at once (Flume: one at a time)");
  static final ConfigKey<Long> PROBE_INTERVAL = ConfigKey.longInt("probeInterval")
      .defaultValue(500L).atLeast(10)
      .doc("How often (ms) a penalised member whose penalty is over is probed");

  @Override
  public String type() {
    return "load_balance";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("org.apache.flume.sink.LoadBalancingSinkProcessor");
  }

  @Override
  public Class<?> componentClass() {
    return LoadBalancingSinkProcessor.class;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.of(BACKOFF, SELECTOR, MAX_TIME_OUT, PARALLEL, PROBE_INTERVAL);
  }

  @Override
  public LoadBalancingConfig configure(ConfigValues values) {
    return new LoadBalancingConfig(values.get(BACKOFF), SinkSelectors.validate(values.get(SELECTOR)),
        values.get(MAX_TIME_OUT), values.get(PARALLEL), values.get(PROBE_INTERVAL));
  }

  @Override
  public SinkProcessor create(LoadBalancingConfig config, SinkGroupContext context) {
    GroupChecks.requireAtLeast(context, 2, "load_balance");
    PenaltyBox penalties = config.backoff()
        ? new PenaltyBox(context.clock(), config.maxTimeOutMillis()) : null;
    SinkGroupState state = new SinkGroupState(context.componentName(),
        new SinkMembers(context.sinks()), penalties, context.metrics(),
        context.threadFactory("prober"), Duration.ofMillis(config.probeIntervalMillis()));
    return new LoadBalancingSinkProcessor(state, SinkSelectors.create(config.selector()),
        config.parallel());
  }
}
