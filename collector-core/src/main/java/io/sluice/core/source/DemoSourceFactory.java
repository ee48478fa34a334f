package io.sluice.core.source;

import io.sluice.api.Source;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.SourceContext;
import io.sluice.api.spi.SourceFactory;

/** Makes the {@code demo} source: paced, numbered log lines for quickstarts and drills. Stateless. */
public final class DemoSourceFactory implements SourceFactory<DemoSourceConfig> {
  static final ConfigKey<Integer> RATE = ConfigKey.integer("rate").defaultValue(100).atLeast(1)
      .doc("Events per second");
  static final ConfigKey<Integer> EVENT_SIZE = ConfigKey.integer("eventSize").defaultValue(100)
      .atLeast(1).doc("Body length in bytes (padded; never shorter than the id and timestamp)");
  static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.integer("batchSize").defaultValue(100)
      .atLeast(1).doc("Most events per channel transaction");
  static final ConfigKey<String> PREFIX = ConfigKey.string("prefix").defaultValue("")
      .doc("First word of every body; empty means the agent's name");
  static final ConfigKey<Long> TOTAL_EVENTS = ConfigKey.longInt("totalEvents")
      .defaultValue(Long.MAX_VALUE).atLeast(0).doc("Events produced before the source goes idle");

  @Override
  public String type() {
    return "demo";
  }

  @Override
  public Class<?> componentClass() {
    return DemoSource.class;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.of(RATE, EVENT_SIZE, BATCH_SIZE, PREFIX, TOTAL_EVENTS);
  }

  @Override
  public DemoSourceConfig configure(ConfigValues values) {
    return new DemoSourceConfig(values.get(RATE), values.get(EVENT_SIZE), values.get(BATCH_SIZE),
        values.get(PREFIX), values.get(TOTAL_EVENTS));
  }

  @Override
  public Source create(DemoSourceConfig config, SourceContext context) {
    String prefix = config.prefix().isEmpty() ? context.agentName() : config.prefix();
    return new DemoSource(context.componentName(), config, prefix, context.channelProcessor(),
        new SourceCounters(context.metrics()), context.clock());
  }
}
