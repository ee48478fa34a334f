package io.sluice.flumecompat;

import io.sluice.api.Channel;
import io.sluice.api.spi.ChannelFactory;
import io.sluice.api.spi.ComponentContext;

/** Makes Sluice channels of a Flume {@code Channel} class. */
final class FlumeChannelFactory extends FlumeFactory
    implements ChannelFactory<FlumeComponentConfig> {

  FlumeChannelFactory(FlumeRuntime runtime, Class<?> channel, String type) {
    super(runtime, channel, type);
  }

  @Override
  public Channel create(FlumeComponentConfig config, ComponentContext context) {
    FlumeChannelPort port = bridge().channel(config.componentClass(), config.keys(),
        context.componentName());
    return new FlumeChannel(port, config.componentClass().getName(), context);
  }
}
