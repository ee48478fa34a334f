package io.sluice.flumecompat;

import io.sluice.api.ChannelSelector;
import io.sluice.api.spi.ChannelSelectorContext;
import io.sluice.api.spi.ChannelSelectorFactory;

/**
 * Makes Sluice channel selectors of a Flume {@code ChannelSelector} class. A Flume selector needs
 * its source's channels before {@code configure}, so a key it refuses is reported when the source
 * starts (at load time the class is only made and linked).
 */
final class FlumeSelectorFactory extends FlumeFactory
    implements ChannelSelectorFactory<FlumeComponentConfig> {

  FlumeSelectorFactory(FlumeRuntime runtime, Class<?> selector, String type) {
    super(runtime, selector, type);
  }

  @Override
  public ChannelSelector create(FlumeComponentConfig config, ChannelSelectorContext context) {
    return bridge().selector(config.componentClass(), config.keys(), context);
  }
}
