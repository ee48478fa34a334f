package io.sluice.flumecompat;

import java.util.Map;

/**
 * Loads a Flume {@code Builder} class named in a serializer or deserializer key, beside Flume's
 * API, and has the bridge check it by building a throwaway instance; every failure is an
 * {@link IllegalArgumentException} naming the class, for the user.
 */
final class FlumeBuilderClasses {

  /** The bridge's check of a loaded class: null, or the problem. */
  interface Check {
    String problem(FlumeBridge bridge, Class<?> builder, Map<String, String> keys);
  }

  private FlumeBuilderClasses() {}

  /** Whether {@code type} is a class name for the Flume adapter (not a short name, not Sluice's). */
  static boolean isFlumeClassName(String type) {
    return type.contains(".") && !type.startsWith("io.sluice.");
  }

  /**
   * @param what {@code serializer} or {@code deserializer}, for messages
   * @throws IllegalArgumentException when the class is missing, cannot link, or refuses its keys
   */
  static Class<?> load(FlumeRuntime rt, String what, String type, Map<String, String> keys,
      ClassLoader classLoader, Check check) {
    try {
      Class<?> c = rt.load(type, classLoader);
      if (c == null) {
        throw new IllegalArgumentException(what + " class '" + type + "' is not on the "
            + "classpath or in plugins.d (a jar of " + what + "s built against Flume's API goes in "
            + "plugins.d/<name>/lib; see " + FlumeComponentResolver.DOC + ")");
      }
      String problem = check.problem(rt.bridge(), c, keys);
      if (problem != null) {
        throw new IllegalArgumentException(problem.startsWith(c.getName()) ? problem
            : "class '" + type + "' is " + problem);
      }
      return c;
    } catch (LinkageError e) {
      throw new IllegalArgumentException(what + " class '" + type + "' cannot be loaded beside "
          + "Flume's API: " + e + " (see " + FlumeComponentResolver.DOC + ")");
    } catch (FlumeRuntime.Unavailable e) {
      throw new IllegalArgumentException(what + " class '" + type + "' needs Flume's API, which "
          + "cannot be loaded: " + e.getMessage());
    }
  }
}
