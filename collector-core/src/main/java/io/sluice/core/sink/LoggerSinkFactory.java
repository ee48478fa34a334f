package io.sluice.core.sink;

import io.sluice.api.Sink;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.SinkContext;
import io.sluice.api.spi.SinkFactory;
import java.util.Set;

/** Makes the {@code logger} sink (Flume's LoggerSink). Stateless. */
public final class LoggerSinkFactory implements SinkFactory<LoggerSinkConfig> {
  static final ConfigKey<Integer> MAX_BYTES = ConfigKey.integer("maxBytesToLog").defaultValue(16).atLeast(0)
      .doc("Body bytes shown per event");
  static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.integer("batchSize").defaultValue(100).atLeast(1)
      .doc("Most events taken per transaction (Sluice only; Flume takes 1)");

  @Override
  public String type() {
    return "logger";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("org.apache.flume.sink.LoggerSink");
  }

  @Override
  public Class<?> componentClass() {
    return LoggerSink.class;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.of(MAX_BYTES, BATCH_SIZE);
  }

  @Override
  public LoggerSinkConfig configure(ConfigValues values) {
    return new LoggerSinkConfig(values.get(MAX_BYTES), values.get(BATCH_SIZE));
  }

  @Override
  public Sink create(LoggerSinkConfig config, SinkContext context) {
    return new LoggerSink(context.componentName(), context.channel(), config, context.metrics());
  }
}
