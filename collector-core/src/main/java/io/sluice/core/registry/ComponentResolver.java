package io.sluice.core.registry;

import io.sluice.api.serialization.EventSerializerResolver;
import io.sluice.api.spi.ComponentKind;

/**
 * A fallback of the {@link ComponentRegistry}: asked for a type that no registered factory claims
 * and that is not a Sluice factory class (the Flume-API adapter of module {@code flume-compat} makes
 * factories for classes built against Apache Flume's API). Found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.sluice.core.registry.ComponentResolver}) in the registry's class
 * loader. Implementations are thread-safe.
 */
public interface ComponentResolver {

  /**
   * Resolves {@code type} as written in a config.
   *
   * @param classLoader the registry's class loader (where a user's jar on the classpath is visible)
   * @return null when this resolver has nothing to say about the type (the registry then reports
   *     its own error); otherwise a found factory or an error message for the user
   */
  ComponentRegistry.Lookup resolve(ComponentKind kind, String type, ClassLoader classLoader);

  /**
   * This resolver's resolver of serializer classes, sharing its class loaders (a sink's
   * {@code serializer} naming a Flume class loads beside the agent's other Flume components), or
   * null when it resolves none.
   */
  default EventSerializerResolver serializerResolver() {
    return null;
  }
}
