package io.sluice.api.serialization;

import java.util.Map;

/**
 * Resolves a deserializer type that a source does not know itself (a class name). Found with
 * {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.sluice.api.serialization.EventDeserializerResolver}). Thread-safe.
 */
public interface EventDeserializerResolver {

  /**
   * @param type the value of the source's {@code deserializer} key
   * @param keys the source's {@code deserializer.*} keys without that prefix
   * @param classLoader where the user's classes are visible
   * @return null when this resolver has nothing to say about {@code type}; otherwise a factory,
   *     configured and checked (a throwaway deserializer was made over empty input)
   * @throws IllegalArgumentException when the type is this resolver's but cannot be used; the
   *     message is for the user and names the class
   */
  EventDeserializerFactory resolve(String type, Map<String, String> keys, ClassLoader classLoader);
}
