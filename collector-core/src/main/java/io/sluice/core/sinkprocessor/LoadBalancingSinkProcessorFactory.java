package io.sluice.core.sinkprocessor;

import io.sluice.api.SinkProcessor;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.SinkGroupContext;
import io.sluice.api.spi.SinkProcessorFactory;
import java.util.Locale;
import java.util.Random;
import java.util.Set;

/**
 * Makes the {@code load_balance} sink processor (Flume's LoadBalancingSinkProcessor). Custom
 * selector classes (Flume's FQCN of an AbstractSinkSelector) are not supported yet and are a config
 * error. Stateless.
 */
public final class LoadBalancingSinkProcessorFactory implements SinkProcessorFactory<LoadBalancingConfig> {
  static final String ROUND_ROBIN = "round_robin";
  static final String RANDOM = "random";
  static final ConfigKey<Boolean> BACKOFF = ConfigKey.bool("backoff").defaultValue(false)
      .doc("Keep a failed sink out for a growing time (2 s, 4 s, ... up to selector.maxTimeOut)");
  static final ConfigKey<String> SELECTOR = ConfigKey.string("selector").defaultValue(ROUND_ROBIN)
      .doc("round_robin or random");
  static final ConfigKey<Long> MAX_TIME_OUT = ConfigKey.longInt("selector.maxTimeOut")
      .defaultValue(30_000L).atLeast(0).doc("Longest time (ms) a failed sink is kept out when backoff is on");

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
    return ConfigDef.of(BACKOFF, SELECTOR, MAX_TIME_OUT);
  }

  @Override
  public LoadBalancingConfig configure(ConfigValues values) {
    String selector = values.get(SELECTOR).toLowerCase(Locale.ROOT);
    if (!selector.equals(ROUND_ROBIN) && !selector.equals(RANDOM)) {
      String why = values.get(SELECTOR).contains(".")
          ? "custom selector classes are not supported yet; use round_robin or random"
          : "must be round_robin or random";
      throw new ConfigException(SELECTOR.name(), "'" + values.get(SELECTOR) + "': " + why);
    }
    return new LoadBalancingConfig(values.get(BACKOFF), selector, values.get(MAX_TIME_OUT));
  }

  @Override
  public SinkProcessor create(LoadBalancingConfig config, SinkGroupContext context) {
    GroupChecks.requireAtLeast(context, 2, "load_balance");
    SinkOrder order = config.selector().equals(RANDOM) ? new RandomOrder(new Random()) : new RoundRobinOrder();
    PenaltyBox penalties = config.backoff() ? new PenaltyBox(context.clock(), config.maxTimeOutMillis()) : null;
    return new LoadBalancingSinkProcessor(context.componentName(), new SinkMembers(context.sinks()), order, penalties);
  }
}
