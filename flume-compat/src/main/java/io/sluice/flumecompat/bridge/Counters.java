package io.sluice.flumecompat.bridge;

import io.sluice.api.spi.ComponentMetrics;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.flume.instrumentation.MonitoredCounterGroup;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's instrumentation counters ({@code SourceCounter}, {@code SinkCounter},
 * {@code ChannelCounter} and any other {@code MonitoredCounterGroup}) held by a component's fields
 * become gauges of its Sluice metrics group, under Flume's names (the public {@code long getX()}
 * getters give {@code X}: {@code EventReceivedCount}, {@code EventDrainSuccessCount}, ...), so they
 * show in {@code /metrics} and Prometheus output beside Sluice's own. (Flume also registers them
 * in JMX, as it always does.)
 */
final class Counters {
  private static final Logger LOG = LoggerFactory.getLogger(Counters.class);
  private static final Set<String> NOT_COUNTERS = Set.of("getStartTime", "getStopTime");

  private Counters() {}

  static void expose(Object component, ComponentMetrics metrics) {
    expose(component, metrics, Set.of());
  }

  /**
   * Exposes the counters but none named in {@code taken}. A name two groups share is the first
   * one's: the subclass's group wins over the one its superclass keeps.
   */
  static void expose(Object component, ComponentMetrics metrics, Set<String> taken) {
    Set<String> seen = new HashSet<>(taken);
    for (Object group : groups(component, MonitoredCounterGroup.class)) {
      gauges(group, metrics, seen);
    }
  }

  /** The component's first (most specific) non-null counter group of {@code type}, or null. */
  static <T> T find(Object component, Class<T> type) {
    List<T> all = groups(component, type);
    return all.isEmpty() ? null : all.get(0);
  }

  private static <T> List<T> groups(Object component, Class<T> type) {
    List<T> out = new ArrayList<>();
    for (Class<?> c = component.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers()) || !type.isAssignableFrom(f.getType())) {
          continue;
        }
        try {
          f.setAccessible(true);
          Object group = f.get(component);
          if (group != null) {
            out.add(type.cast(group));
          }
        } catch (ReflectiveOperationException | RuntimeException e) {
          LOG.debug("Cannot read counter field {} of {}", f.getName(), component, e);
        }
      }
    }
    return out;
  }

  private static void gauges(Object group, ComponentMetrics metrics, Set<String> seen) {
    for (Method m : group.getClass().getMethods()) {
      String name = m.getName();
      if (m.getParameterCount() == 0 && m.getReturnType() == long.class && name.startsWith("get")
          && name.length() > 3 && !NOT_COUNTERS.contains(name) && seen.add(name.substring(3))) {
        metrics.gauge(name.substring(3), () -> read(m, group));
      }
    }
  }

  private static long read(Method getter, Object group) {
    try {
      return (long) getter.invoke(group);
    } catch (IllegalAccessException | InvocationTargetException e) {
      return -1;
    }
  }
}
