package io.sluice.flumecompat.bridge;

import io.sluice.api.EventDrivenSource;
import io.sluice.api.spi.ComponentMetrics;

/**
 * A Flume {@code EventDrivenSource}: it runs on threads it makes itself (Flume's API gives it no
 * thread factory), started and stopped with the Sluice source unit.
 */
final class EventDrivenSourceAdapter implements EventDrivenSource {
  private final org.apache.flume.Source flume;
  private final ComponentMetrics metrics;

  EventDrivenSourceAdapter(org.apache.flume.Source flume, ComponentMetrics metrics) {
    this.flume = flume;
    this.metrics = metrics;
  }

  @Override
  public void start() {
    Lifecycles.start(flume, metrics);
  }

  @Override
  public void stop() {
    Lifecycles.stop(flume);
  }

  @Override
  public String toString() {
    return "Flume source " + flume.getClass().getName();
  }
}
