package io.sluice.core.sink;

import io.sluice.api.Sink;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.SinkContext;
import io.sluice.api.spi.SinkFactory;
import java.util.Set;

/** Makes the {@code null} sink (Flume's NullSink). Stateless. */
public final class NullSinkFactory implements SinkFactory<NullSinkConfig> {
  static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.integer("batchSize").defaultValue(100).atLeast(1)
      .doc("Most events taken per transaction");

  @Override
  public String type() {
    return "null";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("org.apache.flume.sink.NullSink");
  }

  @Override
  public Class<?> componentClass() {
    return NullSink.class;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.of(BATCH_SIZE);
  }

  @Override
  public NullSinkConfig configure(ConfigValues values) {
    return new NullSinkConfig(values.get(BATCH_SIZE));
  }

  @Override
  public Sink create(NullSinkConfig config, SinkContext context) {
    return new NullSink(context.componentName(), context.channel(), config, context.metrics());
  }
}
