package io.sluice.flumecompat.bridge;

import io.sluice.api.spi.ComponentMetrics;
import java.lang.reflect.Field;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
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
    for (Class<?> c = component.getClass(); c != null && c != Object.class; c = c.getSuperclass()) {
      for (Field f : c.getDeclaredFields()) {
        if (Modifier.isStatic(f.getModifiers())
            || !MonitoredCounterGroup.class.isAssignableFrom(f.getType())) {
          continue;
        }
        try {
          f.setAccessible(true);
          Object group = f.get(component);
          if (group != null) {
            gauges(group, metrics);
          }
        } catch (ReflectiveOperationException | RuntimeException e) {
          LOG.debug("Cannot read counter field {} of {}", f.getName(), component, e);
        }
      }
    }
  }

  private static void gauges(Object group, ComponentMetrics metrics) {
    for (Method m : group.getClass().getMethods()) {
      String name = m.getName();
      if (m.getParameterCount() == 0 && m.getReturnType() == long.class && name.startsWith("get")
          && name.length() > 3 && !NOT_COUNTERS.contains(name)) {
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
