package io.sluice.api.spi;

import java.time.Clock;
import java.util.concurrent.ThreadFactory;

/**
 * What the runtime gives a component at creation: its identity, a clock, named threads and its
 * metrics. Components never create unnamed threads or reach for global state.
 */
public interface ComponentContext {

  String agentName();

  String componentName();

  /**
   * A factory of threads named {@code <agent>-<component>-<role>-<n>}; the component owns and must
   * stop every thread it makes.
   */
  ThreadFactory threadFactory(String role);

  Clock clock();

  ComponentMetrics metrics();
}
