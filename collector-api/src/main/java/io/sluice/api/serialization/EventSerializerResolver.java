package io.sluice.api.serialization;

import java.util.Map;

/**
 * Resolves a serializer type that a sink does not know itself (a class name). Found with
 * {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.sluice.api.serialization.EventSerializerResolver}). Thread-safe.
 */
public interface EventSerializerResolver {

  /**
   * @param type the value of the sink's {@code serializer} key
   * @param keys the sink's {@code serializer.*} keys without that prefix
   * @param classLoader where the user's classes are visible
   * @return null when this resolver has nothing to say about {@code type}; otherwise a factory,
   *     configured and checked (a throwaway serializer was made)
   * @throws IllegalArgumentException when the type is this resolver's but cannot be used; the
   *     message is for the user and names the class
   */
  EventSerializerFactory resolve(String type, Map<String, String> keys, ClassLoader classLoader);
}
