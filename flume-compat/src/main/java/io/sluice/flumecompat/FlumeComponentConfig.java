package io.sluice.flumecompat;

import java.util.Map;

/**
 * A Flume component's config: its class and every key given to it (relative to the component, as
 * Flume's {@code Context} holds them). Flume components read what they like from their
 * {@code Context}, so Sluice cannot type these keys.
 */
public record FlumeComponentConfig(String type, Class<?> componentClass, Map<String, String> keys) {
  public FlumeComponentConfig {
    keys = Map.copyOf(keys);
  }
}
