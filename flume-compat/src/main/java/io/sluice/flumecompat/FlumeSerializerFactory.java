package io.sluice.flumecompat;

import io.sluice.api.serialization.EventSerializer;
import io.sluice.api.serialization.EventSerializerFactory;
import java.io.OutputStream;
import java.util.Map;

/**
 * Makes a Flume {@code EventSerializer.Builder}'s serializers for each file, with the sink's
 * {@code serializer.*} keys as its {@code Context}. Immutable.
 */
final class FlumeSerializerFactory extends FlumeBuilderFactory implements EventSerializerFactory {

  FlumeSerializerFactory(FlumeRuntime runtime, Class<?> builder, Map<String, String> keys) {
    super(runtime, builder, keys);
  }

  @Override
  public EventSerializer create(OutputStream out) {
    return bridge().serializer(builderClass(), keys(), out);
  }

  @Override
  String what() {
    return "serializer";
  }
}
