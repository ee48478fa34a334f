package io.sluice.core.serialization;

import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigProblem;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.serialization.EventSerializerFactory;
import io.sluice.api.serialization.EventSerializerResolver;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Resolves a serializer class named in a sink's {@code serializer} key through the
 * {@link EventSerializerResolver}s (the Flume-API adapter is one), at configuration time, so a
 * missing or refused class is a problem naming the key.
 */
public final class SerializerLookup {
  private final ClassLoader classLoader;
  private final EventSerializerResolver resolvers;

  public SerializerLookup(ClassLoader classLoader, EventSerializerResolver resolvers) {
    this.classLoader = classLoader;
    this.resolvers = resolvers;
  }

  /**
   * The lookup for a component's serializer key: the agent's resolvers that came with its values
   * (sharing the registry's class loaders), else those on the thread's context class loader.
   */
  public static SerializerLookup forComponent(ConfigValues values) {
    ClassLoader cl = Thread.currentThread().getContextClassLoader();
    ClassLoader loader = cl != null ? cl : SerializerLookup.class.getClassLoader();
    EventSerializerResolver agents = values.serializerResolver();
    return new SerializerLookup(loader,
        agents != null ? agents : SerializerResolvers.load(loader, List.of()));
  }

  /**
   * @param key the sink's key naming the serializer ({@code serializer}, {@code sink.serializer}),
   *     for messages
   * @param type its value, a class name
   * @param keys the serializer's own keys, relative to it ({@link #subKeys})
   * @throws ConfigException naming {@code key} when no resolver can make the type
   */
  public EventSerializerFactory resolve(String key, String type, Map<String, String> keys) {
    try {
      EventSerializerFactory f = resolvers.resolve(type.trim(), keys, classLoader);
      if (f != null) {
        return f;
      }
    } catch (IllegalArgumentException e) {
      throw new ConfigException(key, e.getMessage());
    }
    throw new ConfigException(key, "serializer class '" + type.trim() + "' cannot be loaded: no "
        + "serializer adapter is installed (Flume serializers need the flume-compat module)");
  }

  /**
   * Refuses the {@code prefix} keys a built-in serializer does not take (a class named instead
   * takes any key, so the sink's ConfigDef lets them all through).
   *
   * @throws ConfigException listing each of {@code suffixes}
   */
  public static void refuseKeys(String prefix, Collection<String> suffixes, String serializer,
      String takes) {
    List<ConfigProblem> unknown = suffixes.stream().map(k -> new ConfigProblem(prefix + k,
        "unknown key: the " + serializer + " serializer takes only " + takes)).toList();
    if (!unknown.isEmpty()) {
      throw new ConfigException(unknown);
    }
  }

  /** The keys under {@code prefix} (e.g. {@code serializer.}), without it, in their order. */
  public static Map<String, String> subKeys(Map<String, String> raw, String prefix) {
    Map<String, String> out = new LinkedHashMap<>();
    raw.forEach((k, v) -> {
      if (k.startsWith(prefix) && k.length() > prefix.length()) {
        out.put(k.substring(prefix.length()), v);
      }
    });
    return out;
  }
}
