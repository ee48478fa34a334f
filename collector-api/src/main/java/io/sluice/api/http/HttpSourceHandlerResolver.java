package io.sluice.api.http;

import java.util.function.Supplier;

/**
 * Resolves an {@code http} source's {@code handler} class that does not implement
 * {@link HttpSourceHandler} itself (the Flume-API adapter resolves classes built against Flume's
 * {@code HTTPSourceHandler}). Found with {@link java.util.ServiceLoader}
 * ({@code META-INF/services/io.sluice.api.http.HttpSourceHandlerResolver}). Thread-safe.
 */
public interface HttpSourceHandlerResolver {

  /**
   * @param className the value of the source's {@code handler} key
   * @param classLoader where the user's classes are visible
   * @return null when no such class is found; otherwise a maker of new, not yet configured
   *     handlers of that class
   * @throws IllegalArgumentException when the class is found but cannot be used as a handler; the
   *     message is for the user and names the class
   */
  Supplier<HttpSourceHandler> resolve(String className, ClassLoader classLoader);
}
