package io.sluice.api.spi;

import io.sluice.api.Channel;
import java.util.Map;

/** A channel selector's context: the source's channels by name, in the order the source lists them. */
public interface ChannelSelectorContext extends ComponentContext {

  Map<String, Channel> channels();
}
