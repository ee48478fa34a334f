package io.sluice.flumecompat;

import io.sluice.api.Sink;
import io.sluice.api.spi.SinkContext;
import io.sluice.api.spi.SinkFactory;

/** Makes Sluice sinks of a Flume {@code Sink} class. */
final class FlumeSinkFactory extends FlumeFactory implements SinkFactory<FlumeComponentConfig> {

  FlumeSinkFactory(FlumeRuntime runtime, Class<?> sink, String type) {
    super(runtime, sink, type);
  }

  @Override
  public Sink create(FlumeComponentConfig config, SinkContext context) {
    return bridge().sink(config.componentClass(), config.keys(), context);
  }
}
