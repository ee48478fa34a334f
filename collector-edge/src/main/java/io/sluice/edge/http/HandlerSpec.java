package io.sluice.edge.http;

import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Modifier;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The {@code handler} key resolved: a built-in handler by Flume's class name or Sluice's short
 * name, or a user class implementing {@link HttpSourceHandler} by its fully-qualified name, plus
 * the {@code handler.*} properties it is configured with. {@link #newHandler()} makes a
 * configured instance. Immutable; thread-safe.
 *
 * @param name the {@code handler} value as given
 * @param properties the {@code handler.*} keys, prefix removed
 */
record HandlerSpec(String name, Map<String, String> properties,
    Supplier<HttpSourceHandler> maker) {
  static final String FLUME_JSON = "org.apache.flume.source.http.JSONHandler";
  static final String FLUME_BLOB = "org.apache.flume.sink.solr.morphline.BlobHandler";
  static final String FLUME_CORE_BLOB = "org.apache.flume.source.http.BLOBHandler";

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
   * @throws IllegalArgumentException naming the problem (unknown class, wrong type, bad property)
   */
  static HandlerSpec resolve(String name, Map<String, String> properties) {
    String n = name.trim();
    Supplier<HttpSourceHandler> maker = BUILT_IN.get(n.toLowerCase(Locale.ROOT));
    if (maker == null) {
      maker = byClass(n);
    }
    HandlerSpec spec = new HandlerSpec(n, properties, maker);
    spec.newHandler(); // configuration problems surface now, not at start
    return spec;
  }

  /** A new instance, configured with the {@code handler.*} properties. */
  HttpSourceHandler newHandler() {
    HttpSourceHandler h = maker.get();
    h.configure(properties);
    return h;
  }

  private static Supplier<HttpSourceHandler> byClass(String className) {
    Class<?> c;
    try {
      ClassLoader loader = Thread.currentThread().getContextClassLoader();
      c = Class.forName(className, false,
          loader != null ? loader : HandlerSpec.class.getClassLoader());
    } catch (ClassNotFoundException e) {
      throw new IllegalArgumentException("no handler class " + className + " on the classpath;"
          + " built-in handlers: " + FLUME_JSON + " (json), ndjson, " + FLUME_BLOB + " (blob), "
          + FLUME_CORE_BLOB);
    } catch (LinkageError e) {
      throw new IllegalArgumentException(className + " cannot be loaded (" + e
          + "); a handler written for Flume's HTTPSourceHandler cannot run in Sluice: port it to "
          + HttpSourceHandler.class.getName());
    }
    if (!HttpSourceHandler.class.isAssignableFrom(c)) {
      throw new IllegalArgumentException(className + " does not implement "
          + HttpSourceHandler.class.getName()
          + " (handlers written for Flume's HTTPSourceHandler must be ported to it)");
    }
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
