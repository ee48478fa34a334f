package io.sluice.flumecompat;

import java.util.Map;
import java.util.Objects;

/**
 * The shared part of the factories that make a Flume {@code Builder}'s serializers or
 * deserializers: the Builder class (loaded in the agent's Flume class loader) and the keys of its
 * {@code Context}. Equal to another of the same kind, class name and keys (a reloaded config
 * resolves the class again, in another loader), so a reload that leaves a component's config alone
 * keeps the component. Immutable.
 */
abstract class FlumeBuilderFactory {
  private final FlumeRuntime runtime;
  private final Class<?> builder;
  private final Map<String, String> keys;

  FlumeBuilderFactory(FlumeRuntime runtime, Class<?> builder, Map<String, String> keys) {
    this.runtime = runtime;
    this.builder = builder;
    this.keys = Map.copyOf(keys);
  }

  /** The Builder class, loaded in the agent's Flume class loader. */
  final Class<?> builderClass() {
    return builder;
  }

  final Map<String, String> keys() {
    return keys;
  }

  final FlumeBridge bridge() {
    try {
      return runtime.bridge();
    } catch (FlumeRuntime.Unavailable e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** What it makes, for messages: "serializer" or "deserializer". */
  abstract String what();

  @Override
  public final boolean equals(Object o) {
    return o instanceof FlumeBuilderFactory f && f.getClass() == getClass()
        && builder.getName().equals(f.builder.getName()) && keys.equals(f.keys);
  }

  @Override
  public final int hashCode() {
    return Objects.hash(getClass(), builder.getName(), keys);
  }

  @Override
  public final String toString() {
    return "Flume " + what() + " " + builder.getName() + " " + keys;
  }
}
