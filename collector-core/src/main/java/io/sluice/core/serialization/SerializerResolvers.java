package io.sluice.core.serialization;

import io.sluice.api.serialization.EventSerializerFactory;
import io.sluice.api.serialization.EventSerializerResolver;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The serializer resolvers of one agent, asked in order; the first answer wins. Made once per
 * component registry, so a resolver that loads classes (the Flume adapter) keeps one class loader
 * for every sink of the agent, and across reloads. Immutable, thread-safe.
 */
public final class SerializerResolvers implements EventSerializerResolver {
  private final List<EventSerializerResolver> resolvers;

  private SerializerResolvers(List<EventSerializerResolver> resolvers) {
    this.resolvers = List.copyOf(resolvers);
  }

  /**
   * @param first resolvers that share state with the caller (the registry's component resolvers'),
   *     asked first
   * @return {@code first}, then the {@link ServiceLoader}'s resolvers of other classes
   */
  public static SerializerResolvers load(ClassLoader classLoader,
      List<EventSerializerResolver> first) {
    List<EventSerializerResolver> all = new ArrayList<>(first);
    for (EventSerializerResolver r : ServiceLoader.load(EventSerializerResolver.class,
        classLoader)) {
      if (first.stream().noneMatch(f -> f.getClass() == r.getClass())) {
        all.add(r);
      }
    }
    return new SerializerResolvers(all);
  }

  @Override
  public EventSerializerFactory resolve(String type, Map<String, String> keys,
      ClassLoader classLoader) {
    for (EventSerializerResolver r : resolvers) {
      EventSerializerFactory f = r.resolve(type, keys, classLoader);
      if (f != null) {
        return f;
      }
    }
    return null;
  }
}
