package io.sluice.flumecompat;

import io.sluice.api.http.HttpSourceHandler;
import io.sluice.api.http.HttpSourceHandlerResolver;
import java.util.function.Supplier;

/**
 * Resolves an {@code http} source's {@code handler} class built against Flume 1.11's
 * {@code HTTPSourceHandler} (its servlet-based interface), from plugins.d or the classpath,
 * through the Flume adapter: the handler sees a servlet request over Sluice's request. Listed in
 * {@code META-INF/services}; the source's factory loads one per agent registry, which keeps its own
 * Flume class loader. Thread-safe.
 */
public final class FlumeHttpHandlerResolver implements HttpSourceHandlerResolver {
  private final LazyFlumeRuntime runtime;

  /** For {@link java.util.ServiceLoader}: settings from the system properties. */
  public FlumeHttpHandlerResolver() {
    this(null);
  }

  public FlumeHttpHandlerResolver(FlumeCompatSettings settings) {
    this.runtime = new LazyFlumeRuntime(settings);
  }

  @Override
  public Supplier<HttpSourceHandler> resolve(String className, ClassLoader classLoader) {
    if (!FlumeBuilderClasses.isFlumeClassName(className)) {
      return null;
    }
    FlumeRuntime rt = runtime.get(classLoader);
    try {
      Class<?> c = rt.load(className, classLoader);
      if (c == null) {
        return null;
      }
      FlumeBridge bridge = rt.bridge();
      String problem = bridge.checkHttpHandler(c);
      if (problem != null) {
        throw new IllegalArgumentException(problem);
      }
      return () -> bridge.httpHandler(c);
    } catch (LinkageError e) {
      throw new IllegalArgumentException("handler class '" + className + "' cannot be loaded "
          + "beside Flume's API: " + e + " (see " + FlumeComponentResolver.DOC + ")");
    } catch (FlumeRuntime.Unavailable e) {
      if (ClassSources.rootOf(classLoader, className) == null) {
        return null; // not a class anyone sees: the source says so
      }
      throw new IllegalArgumentException("handler class '" + className + "' needs Flume's API, "
          + "which cannot be loaded: " + e.getMessage());
    }
  }
}
