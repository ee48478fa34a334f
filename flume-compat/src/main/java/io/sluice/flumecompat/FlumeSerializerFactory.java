package io.sluice.flumecompat;

import io.sluice.api.serialization.EventSerializer;
import io.sluice.api.serialization.EventSerializerFactory;
import java.io.OutputStream;
import java.util.Map;
import java.util.Objects;

/**
 * Makes a Flume {@code EventSerializer.Builder}'s serializers for each file, with the sink's
 * {@code serializer.*} keys as its {@code Context}. Equal to another of the same class name and
 * keys (a reloaded config resolves the class again, in another loader). Immutable.
 */
final class FlumeSerializerFactory implements EventSerializerFactory {
  private final FlumeRuntime runtime;
  private final Class<?> builder;
  private final Map<String, String> keys;

  FlumeSerializerFactory(FlumeRuntime runtime, Class<?> builder, Map<String, String> keys) {
    this.runtime = runtime;
    this.builder = builder;
    this.keys = Map.copyOf(keys);
  }

  @Override
  public EventSerializer create(OutputStream out) {
    try {
      return runtime.bridge().serializer(builder, keys, out);
    } catch (FlumeRuntime.Unavailable e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }

  /** The Builder class, loaded in the agent's Flume class loader. */
  Class<?> builderClass() {
    return builder;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof FlumeSerializerFactory f && builder.getName().equals(f.builder.getName())
        && keys.equals(f.keys);
  }

  @Override
  public int hashCode() {
    return Objects.hash(builder.getName(), keys);
  }

  @Override
  public String toString() {
    return "Flume serializer " + builder.getName() + " " + keys;
  }
}
