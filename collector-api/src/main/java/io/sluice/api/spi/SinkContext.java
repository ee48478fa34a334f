package io.sluice.api.spi;

import io.sluice.api.Channel;

/** A sink's context: the channel it drains. */
public interface SinkContext extends ComponentContext {

  Channel channel();
}
