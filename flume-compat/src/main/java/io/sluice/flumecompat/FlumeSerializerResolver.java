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
    if (!FlumeBuilderClasses.isFlumeClassName(type)) {
      return null;
    }
    FlumeRuntime rt = runtime.get(classLoader);
    Class<?> c = FlumeBuilderClasses.load(rt, "serializer", type, keys, classLoader,
        FlumeBridge::checkSerializer);
    return new FlumeSerializerFactory(rt, c, keys);
  }
}
