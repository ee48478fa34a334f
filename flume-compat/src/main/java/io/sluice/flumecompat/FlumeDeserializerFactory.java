package io.sluice.flumecompat;

import io.sluice.api.serialization.DeserializerInput;
import io.sluice.api.serialization.EventDeserializer;
import io.sluice.api.serialization.EventDeserializerFactory;
import java.util.Map;

/**
 * Makes a Flume {@code EventDeserializer.Builder}'s deserializers for each spooled file, with the
 * source's {@code deserializer.*} keys as its {@code Context}. Immutable.
 */
final class FlumeDeserializerFactory extends FlumeBuilderFactory implements EventDeserializerFactory {

  FlumeDeserializerFactory(FlumeRuntime runtime, Class<?> builder, Map<String, String> keys) {
    super(runtime, builder, keys);
  }

  @Override
  public EventDeserializer open(DeserializerInput input) {
    return bridge().deserializer(builderClass(), keys(), input);
  }

  @Override
  String what() {
    return "deserializer";
  }
}
