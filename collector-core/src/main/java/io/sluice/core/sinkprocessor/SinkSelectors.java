package io.sluice.core.sinkprocessor;

import io.sluice.api.SinkSelector;
import io.sluice.api.config.ConfigException;
import java.util.Locale;
import java.util.Random;

/**
 * Resolves {@code processor.selector}: {@code round_robin}, {@code random}, {@code least_busy}, or the
 * class name of a {@link SinkSelector} with a public no-argument constructor.
 */
final class SinkSelectors {
  static final String ROUND_ROBIN = "round_robin";
  static final String RANDOM = "random";
  static final String LEAST_BUSY = "least_busy";

  private SinkSelectors() {}

  /** Checks the name at configure time; throws ConfigException with the key {@code selector}. */
  static String validate(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.equals(ROUND_ROBIN) || lower.equals(RANDOM) || lower.equals(LEAST_BUSY)) {
      return lower;
    }
    if (!name.contains(".")) {
      throw new ConfigException("selector", "'" + name + "' must be round_robin, random, least_busy"
          + " or the class name of an " + SinkSelector.class.getName());
    }
    create(name);
    return name;
  }

  static SinkSelector create(String name) {
    switch (name) {
      case ROUND_ROBIN:
        return new RoundRobinSelector();
      case RANDOM:
        return new RandomSelector(new Random());
      case LEAST_BUSY:
        return new LeastBusySelector();
      default:
        return instantiate(name);
    }
  }

  private static SinkSelector instantiate(String className) {
    try {
      ClassLoader cl = Thread.currentThread().getContextClassLoader();
      // not initialised: only a SinkSelector is ever instantiated (which initialises it)
      Class<?> c = Class.forName(className, false,
          cl != null ? cl : SinkSelectors.class.getClassLoader());
      if (!SinkSelector.class.isAssignableFrom(c)) {
        throw new ConfigException("selector", "class '" + className + "' does not implement "
            + SinkSelector.class.getName() + " (Flume's AbstractSinkSelector classes must be ported)");
      }
      return (SinkSelector) c.getDeclaredConstructor().newInstance();
    } catch (ClassNotFoundException | LinkageError e) {
      throw new ConfigException("selector", "class '" + className + "' is not on the classpath");
    } catch (ReflectiveOperationException e) {
      throw new ConfigException("selector", "cannot instantiate '" + className + "': " + e);
    }
  }
}
