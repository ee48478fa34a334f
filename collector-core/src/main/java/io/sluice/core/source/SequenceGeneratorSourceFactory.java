package io.sluice.core.source;

import io.sluice.api.Source;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.SourceContext;
import io.sluice.api.spi.SourceFactory;
import java.util.Set;

/** Makes the {@code seq} source (Flume's SequenceGeneratorSource). Stateless. */
public final class SequenceGeneratorSourceFactory implements SourceFactory<SequenceGeneratorSourceConfig> {
  static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.integer("batchSize").defaultValue(1).atLeast(1)
      .doc("Events per batch");
  static final ConfigKey<Long> TOTAL_EVENTS = ConfigKey.longInt("totalEvents").defaultValue(Long.MAX_VALUE)
      .atLeast(0).doc("Events produced before the source goes idle");
  static final ConfigKey<Long> BACKOFF_INCREMENT = ConfigKey.longInt("backoffSleepIncrement")
      .defaultValue(1000L).atLeast(0).doc("Runner backoff growth per consecutive BACKOFF (ms)");
  static final ConfigKey<Long> MAX_BACKOFF = ConfigKey.longInt("maxBackoffSleep").defaultValue(5000L)
      .atLeast(0).doc("Longest runner backoff (ms)");

  @Override
  public String type() {
    return "seq";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("org.apache.flume.source.SequenceGeneratorSource");
  }

  @Override
  public Class<?> componentClass() {
    return SequenceGeneratorSource.class;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.of(BATCH_SIZE, TOTAL_EVENTS, BACKOFF_INCREMENT, MAX_BACKOFF);
  }

  @Override
  public SequenceGeneratorSourceConfig configure(ConfigValues values) {
    return new SequenceGeneratorSourceConfig(values.get(BATCH_SIZE), values.get(TOTAL_EVENTS),
        values.get(BACKOFF_INCREMENT), values.get(MAX_BACKOFF));
  }

  @Override
  public Source create(SequenceGeneratorSourceConfig config, SourceContext context) {
    return new SequenceGeneratorSource(context.componentName(), config, context.channelProcessor(),
        new SourceCounters(context.metrics()));
  }
}
