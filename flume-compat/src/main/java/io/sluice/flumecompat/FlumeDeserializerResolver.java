package io.sluice.flumecompat;

import io.sluice.api.serialization.EventDeserializerFactory;
import io.sluice.api.serialization.EventDeserializerResolver;
import java.util.Map;

/**
 * Resolves a class built against Flume 1.11's {@code EventDeserializer.Builder}, named in a
 * {@code spooldir} source's {@code deserializer} key, from plugins.d or the classpath, through the
 * Flume adapter. Listed in {@code META-INF/services}; the source's factory loads one per agent
 * registry, which keeps its own Flume class loader. Flume's built-in deserializer classes never
 * get here: the source maps them to its own. Thread-safe.
 */
public final class FlumeDeserializerResolver implements EventDeserializerResolver {
  private final LazyFlumeRuntime runtime;

  /** For {@link java.util.ServiceLoader}: settings from the system properties. */
  public FlumeDeserializerResolver() {
    this(null);
  }

  public FlumeDeserializerResolver(FlumeCompatSettings settings) {
    this.runtime = new LazyFlumeRuntime(settings);
  }

  @Override
  public EventDeserializerFactory resolve(String type, Map<String, String> keys,
      ClassLoader classLoader) {
    if (!FlumeBuilderClasses.isFlumeClassName(type)) {
      return null;
    }
    FlumeRuntime rt = runtime.get(classLoader);
    Class<?> c = FlumeBuilderClasses.load(rt, "deserializer", type, keys, classLoader,
        FlumeBridge::checkDeserializer);
    return new FlumeDeserializerFactory(rt, c, keys);
  }
}
