package io.sluice.flumecompat;

import io.sluice.api.serialization.EventSerializerFactory;
import io.sluice.api.serialization.EventSerializerResolver;
import java.util.Map;

/**
 * Resolves a class built against Flume 1.11's {@code EventSerializer.Builder}, named in an
 * {@code hdfs} or {@code file_roll} sink's serializer key, from plugins.d or the classpath, through
 * the Flume adapter. An agent's registry uses the one of its {@link FlumeComponentResolver}, which
 * shares that resolver's Flume class loader; the instance listed in {@code META-INF/services}, for
 * a sink configured outside a registry, has its own.
 */
public final class FlumeSerializerResolver implements EventSerializerResolver {
  private final LazyFlumeRuntime runtime;

  /** For {@link java.util.ServiceLoader}: settings from the system properties. */
  public FlumeSerializerResolver() {
    this((FlumeCompatSettings) null);
  }

  public FlumeSerializerResolver(FlumeCompatSettings settings) {
    this(new LazyFlumeRuntime(settings));
  }

  FlumeSerializerResolver(LazyFlumeRuntime runtime) {
    this.runtime = runtime;
  }

  @Override
  public EventSerializerFactory resolve(String type, Map<String, String> keys,
      ClassLoader classLoader) {
    if (!type.contains(".") || type.startsWith("io.sluice.")) {
      return null;
    }
    FlumeRuntime rt = runtime.get(classLoader);
    try {
      Class<?> c = rt.load(type, classLoader);
      if (c == null) {
        throw new IllegalArgumentException("serializer class '" + type + "' is not on the "
            + "classpath or in plugins.d (a jar of serializers built against Flume's API goes in "
            + "plugins.d/<name>/lib; see " + FlumeComponentResolver.DOC + ")");
      }
      String problem = rt.bridge().checkSerializer(c, keys);
      if (problem != null) {
        throw new IllegalArgumentException(problem.startsWith(c.getName()) ? problem
            : "class '" + type + "' is " + problem);
      }
      return new FlumeSerializerFactory(rt, c, keys);
    } catch (LinkageError e) {
      throw new IllegalArgumentException("serializer class '" + type + "' cannot be loaded beside "
          + "Flume's API: " + e + " (see " + FlumeComponentResolver.DOC + ")");
    } catch (FlumeRuntime.Unavailable e) {
      throw new IllegalArgumentException("serializer class '" + type + "' needs Flume's API, which "
          + "cannot be loaded: " + e.getMessage());
    }
  }
}
