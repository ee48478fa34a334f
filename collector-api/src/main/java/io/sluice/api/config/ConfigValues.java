package io.sluice.api.config;

import io.sluice.api.serialization.EventSerializerResolver;
import java.util.Map;

/** The validated values of one component's keys, as declared by its {@link ConfigDef}. */
public interface ConfigValues {

  /** The parsed value, or the key's default when unset (null when it has none). */
  <T> T get(ConfigKey<T> key);

  /** Every key under the prefix, by suffix, parsed; in the order they were given. */
  <T> Map<String, T> get(ConfigPrefix<T> prefix);

  boolean isSet(ConfigKey<?> key);

  /** All keys given to the component, relative to it (e.g. {@code capacity}), raw. */
  Map<String, String> raw();

  /**
   * The agent's resolvers of serializer classes named in the component's keys, which share their
   * class loaders with the agent's component registry (one Flume class loader per agent, not one
   * per sink); null when the values were made outside an agent's config loading.
   */
  default EventSerializerResolver serializerResolver() {
    return null;
  }
}
