package io.sluice.flumecompat;

import io.sluice.api.Source;
import io.sluice.api.spi.SourceContext;
import io.sluice.api.spi.SourceFactory;

/** Makes Sluice sources of a Flume {@code PollableSource} or {@code EventDrivenSource} class. */
final class FlumeSourceFactory extends FlumeFactory implements SourceFactory<FlumeComponentConfig> {

  FlumeSourceFactory(FlumeRuntime runtime, Class<?> source, String type) {
    super(runtime, source, type);
  }

  @Override
  public Source create(FlumeComponentConfig config, SourceContext context) {
    return bridge().source(config.componentClass(), config.keys(), context);
  }
}
