package io.sluice.flumecompat.bridge;

import io.sluice.api.spi.ComponentMetrics;
import org.apache.flume.lifecycle.LifecycleAware;
import org.apache.flume.lifecycle.LifecycleState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts and stops Flume components as Flume's runners do, and exposes their counters. */
final class Lifecycles {
  private static final Logger LOG = LoggerFactory.getLogger(Lifecycles.class);

  private Lifecycles() {}

  /**
   * Starts the component with Flume's class loader as context loader (threads it makes inherit
   * it), then maps its Flume counters onto the component's metrics. A component that reports
   * {@code ERROR} after {@code start} failed, as Flume's supervisor sees it.
   */
  static void start(LifecycleAware component, ComponentMetrics metrics) {
    start(component);
    Counters.expose(component, metrics);
  }

  /** Starts the component as {@link #start(LifecycleAware, ComponentMetrics)} does, counters aside. */
  static void start(LifecycleAware component) {
    Contexts.runWithLoaderOf(component.getClass(), component::start);
    if (component.getLifecycleState() == LifecycleState.ERROR) {
      throw new IllegalStateException(component + " is in state ERROR after start()");
    }
  }

  static void stop(LifecycleAware component) {
    try {
      Contexts.runWithLoaderOf(component.getClass(), component::stop);
    } catch (RuntimeException e) {
      LOG.warn("Stopping {} failed", component, e);
    }
  }
}
