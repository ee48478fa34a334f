package io.sluice.edge.http;

import io.sluice.api.http.HttpSourceHandler;
import io.sluice.api.http.HttpSourceHandlerResolver;
import java.util.List;
import java.util.ServiceLoader;
import java.util.function.Supplier;

/**
 * The {@link HttpSourceHandlerResolver}s on the class path (the Flume adapter's), loaded on first
 * use and kept by the source factory, so every http source of an agent, and every reload, shares
 * one resolver and its class loader. Thread-safe.
 */
final class HandlerResolvers {
  private List<HttpSourceHandlerResolver> resolvers; // guarded by this

  /**
   * The first resolver's maker for {@code className}, or null when none finds the class.
   *
   * @throws IllegalArgumentException when a resolver finds the class but cannot use it
   */
  Supplier<HttpSourceHandler> resolve(String className, ClassLoader loader) {
    for (HttpSourceHandlerResolver r : resolvers(loader)) {
      Supplier<HttpSourceHandler> maker = r.resolve(className, loader);
      if (maker != null) {
        return maker;
      }
    }
    return null;
  }

  private synchronized List<HttpSourceHandlerResolver> resolvers(ClassLoader loader) {
    if (resolvers == null) {
      resolvers = ServiceLoader.load(HttpSourceHandlerResolver.class, loader).stream()
          .map(ServiceLoader.Provider::get).toList();
    }
    return resolvers;
  }
}
