package io.sluice.edge.http;

import io.sluice.api.http.HttpSourceHandler;
import io.sluice.api.http.HttpSourceHandlerResolver;
import io.sluice.edge.plugin.LazyProviders;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code handler} key resolved: a built-in handler by Flume's class name or Sluice's short
 * name, a user class implementing {@link HttpSourceHandler} by its fully-qualified name, or one
 * built against Flume's {@code HTTPSourceHandler} through a {@link HttpSourceHandlerResolver
 * resolver}, plus the {@code handler.*} properties it is configured with. {@link #newHandler()}
 * makes a configured instance. Immutable; thread-safe.
 *
 * @param name the {@code handler} value as given
 * @param properties the {@code handler.*} keys, prefix removed
 */
record HandlerSpec(String name, Map<String, String> properties,
    Supplier<HttpSourceHandler> maker) {
  static final String FLUME_JSON = "org.apache.flume.source.http.JSONHandler";
  static final String FLUME_BLOB = "org.apache.flume.sink.solr.morphline.BlobHandler";
  static final String FLUME_CORE_BLOB = "org.apache.flume.source.http.BLOBHandler";
  static final String FLUME_HANDLER_INTERFACE = "org.apache.flume.source.http.HTTPSourceHandler";

  private static final Map<String, Supplier<HttpSourceHandler>> BUILT_IN = Map.of(
      FLUME_JSON.toLowerCase(Locale.ROOT), JsonHandler::new,
      "json", JsonHandler::new,
      "ndjson", NdjsonHandler::new,
      FLUME_BLOB.toLowerCase(Locale.ROOT), BlobHandler::new,
      "blob", BlobHandler::new,
      FLUME_CORE_BLOB.toLowerCase(Locale.ROOT), FlumeBlobHandler::new);

  HandlerSpec {
    properties = Map.copyOf(properties);
  }

  /**
   * Resolves {@code name} and checks it by making and configuring one instance.
   *
   * @param resolvers asked for a class that does not implement {@link HttpSourceHandler} (a
   *     handler built against Flume's {@code HTTPSourceHandler})
   * @throws IllegalArgumentException naming the problem (unknown class, wrong type, bad property)
   */
  static HandlerSpec resolve(String name, Map<String, String> properties,
      LazyProviders<HttpSourceHandlerResolver> resolvers) {
    String n = name.trim();
    Supplier<HttpSourceHandler> maker = BUILT_IN.get(n.toLowerCase(Locale.ROOT));
    if (maker == null) {
      maker = byClass(n, resolvers);
    }
    HandlerSpec spec = new HandlerSpec(n, properties, maker);
    spec.newHandler(); // configuration problems surface now, not at start
    return spec;
  }

  /**
   * A new instance, configured with the {@code handler.*} properties.
   *
   * @throws IllegalArgumentException when the handler refuses them (whatever it threw)
   */
  HttpSourceHandler newHandler() {
    try {
      HttpSourceHandler h = maker.get();
      h.configure(properties);
      return h;
    } catch (IllegalArgumentException e) {
      throw e;
    } catch (RuntimeException | LinkageError e) {
      throw new IllegalArgumentException(name + " refuses its handler.* properties: " + e, e);
    }
  }

  private static Supplier<HttpSourceHandler> byClass(String className,
      LazyProviders<HttpSourceHandlerResolver> resolvers) {
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = HandlerSpec.class.getClassLoader();
    }
    Class<?> c = null;
    LinkageError unlinked = null;
    try {
      c = Class.forName(className, false, loader);
    } catch (ClassNotFoundException e) {
      // perhaps in plugins.d, where only a resolver looks
    } catch (LinkageError e) {
      unlinked = e; // e.g. built against Flume's API, which Sluice's class path does not have
    }
    if (c != null && HttpSourceHandler.class.isAssignableFrom(c)) {
      return ownClass(c);
    }
    ClassLoader from = loader;
    Supplier<HttpSourceHandler> other = resolvers.first(loader, r -> r.resolve(className, from));
    if (other != null) {
      return other;
    }
    if (unlinked != null) {
      throw new IllegalArgumentException(className + " cannot be loaded: " + unlinked);
    }
    if (c == null) {
      throw new IllegalArgumentException("no handler class " + className + " on the classpath"
          + " or in plugins.d; built-in handlers: " + FLUME_JSON + " (json), ndjson, " + FLUME_BLOB
          + " (blob), " + FLUME_CORE_BLOB);
    }
    throw new IllegalArgumentException(className + " implements neither "
        + HttpSourceHandler.class.getName() + " nor Flume's " + FLUME_HANDLER_INTERFACE);
  }

  private static Supplier<HttpSourceHandler> ownClass(Class<?> c) {
    String className = c.getName();
    if (Modifier.isAbstract(c.getModifiers())) {
      throw new IllegalArgumentException(className + " is abstract");
    }
    Constructor<?> ctor;
    try {
      ctor = c.getConstructor();
    } catch (NoSuchMethodException e) {
      throw new IllegalArgumentException(className + " has no public no-argument constructor");
    }
    return () -> {
      try {
        return (HttpSourceHandler) ctor.newInstance();
      } catch (InvocationTargetException e) {
        throw new IllegalArgumentException("cannot make " + className + ": " + e.getCause(),
            e.getCause());
      } catch (ReflectiveOperationException e) {
        throw new IllegalArgumentException("cannot make " + className + ": " + e, e);
      }
    };
  }
}
