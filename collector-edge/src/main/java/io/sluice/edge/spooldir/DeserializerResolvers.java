package io.sluice.edge.spooldir;

import io.sluice.api.serialization.EventDeserializerFactory;
import io.sluice.api.serialization.EventDeserializerResolver;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The {@link EventDeserializerResolver}s on the class path (the Flume adapter's), loaded on first
 * use and kept by the source factory, so every spooldir source of an agent, and every reload, shares
 * one resolver and its class loader. Thread-safe.
 */
final class DeserializerResolvers {
  private List<EventDeserializerResolver> resolvers; // guarded by this

  /**
   * The first resolver's factory for {@code type}, or null when none knows it.
   *
   * @throws IllegalArgumentException when a resolver owns the type but cannot use it (the message names it)
   */
  EventDeserializerFactory resolve(String type, Map<String, String> keys) {
    ClassLoader loader = loader();
    for (EventDeserializerResolver r : resolvers(loader)) {
      EventDeserializerFactory f = r.resolve(type, keys, loader);
      if (f != null) {
        return f;
      }
    }
    return null;
  }

  private synchronized List<EventDeserializerResolver> resolvers(ClassLoader loader) {
    if (resolvers == null) {
      resolvers = ServiceLoader.load(EventDeserializerResolver.class, loader).stream()
          .map(ServiceLoader.Provider::get).toList();
    }
    return resolvers;
  }

  private static ClassLoader loader() {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    return cl != null ? cl : DeserializerResolvers.class.getClassLoader();
  }
}
