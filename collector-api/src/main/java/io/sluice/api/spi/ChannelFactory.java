package io.sluice.api.spi;

import io.sluice.api.Channel;

/** Makes channels. The typed config should implement {@link io.sluice.api.config.ChannelLimits}. */
public interface ChannelFactory<C> extends ComponentFactory<C> {

  @Override
  default ComponentKind kind() {
    return ComponentKind.CHANNEL;
  }

  Channel create(C config, ComponentContext context) throws Exception;
}
