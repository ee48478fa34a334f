package io.sluice.api.spi;

import io.sluice.api.ChannelProcessor;

/** A source's context: where it puts its events. */
public interface SourceContext extends ComponentContext {

  ChannelProcessor channelProcessor();
}
