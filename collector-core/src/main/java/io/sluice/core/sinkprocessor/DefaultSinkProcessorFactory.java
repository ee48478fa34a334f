package io.sluice.core.sinkprocessor;

import io.sluice.api.SinkProcessor;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.SinkGroupContext;
import io.sluice.api.spi.SinkProcessorFactory;
import java.util.Set;

/** Makes the {@code default} sink processor: exactly one sink, no settings. Stateless. */
public final class DefaultSinkProcessorFactory implements SinkProcessorFactory<DefaultSinkProcessorConfig> {

  @Override
  public String type() {
    return "default";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("org.apache.flume.sink.DefaultSinkProcessor");
  }

  @Override
  public Class<?> componentClass() {
    return DefaultSinkProcessor.class;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.empty();
  }

  @Override
  public DefaultSinkProcessorConfig configure(ConfigValues values) {
    return new DefaultSinkProcessorConfig();
  }

  @Override
  public SinkProcessor create(DefaultSinkProcessorConfig config, SinkGroupContext context) {
    if (context.sinks().size() != 1) {
      throw new ConfigException("sinks", "the default sink processor takes exactly one sink, the group lists "
          + context.sinks().size() + " " + context.sinks().keySet()
          + "; use failover or load_balance for several");
    }
    return new DefaultSinkProcessor(context.sinks().values().iterator().next());
  }
}
