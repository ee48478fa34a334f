package io.sluice.flumecompat.bridge;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;
import org.apache.flume.Context;

/** Flume's {@code Context} of a component's keys, and calls made with Flume's class loader. */
final class Contexts {
  private Contexts() {}

  /** The component's keys relative to it, plus {@code type} (Flume's contexts hold it too). */
  static Context of(Class<?> type, Map<String, String> keys) {
    Map<String, String> all = new LinkedHashMap<>(keys);
    all.putIfAbsent("type", type.getName());
    return new Context(all);
  }

  /**
   * Runs {@code call} with the component's class loader as the thread's context loader, as Flume
   * components expect (some load classes or resources through it).
   */
  static <T> T withLoaderOf(Class<?> type, Supplier<T> call) {
    Thread t = Thread.currentThread();
    ClassLoader before = t.getContextClassLoader();
    t.setContextClassLoader(type.getClassLoader());
    try {
      return call.get();
    } finally {
      t.setContextClassLoader(before);
    }
  }

  static void runWithLoaderOf(Class<?> type, Runnable call) {
    withLoaderOf(type, () -> {
      call.run();
      return null;
    });
  }
}
