package io.sluice.flumecompat;

import io.sluice.api.spi.DurableChannelConfig;
import java.util.Map;
import java.util.Set;

/**
 * A Flume component's config: its class and every key given to it (relative to the component, as
 * Flume's {@code Context} holds them). Flume components read what they like from their
 * {@code Context}, so Sluice cannot type these keys.
 */
public record FlumeComponentConfig(String type, Class<?> componentClass, Map<String, String> keys)
    implements DurableChannelConfig {
  public FlumeComponentConfig {
    keys = Map.copyOf(keys);
  }

  /** For a channel: the directories its Flume file-channel keys name (see {@link FlumeChannelStorage}). */
  @Override
  public Set<String> storageLocations() {
    return FlumeChannelStorage.locations(componentClass, keys);
  }
}
