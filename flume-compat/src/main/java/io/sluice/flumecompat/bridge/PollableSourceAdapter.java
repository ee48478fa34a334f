package io.sluice.flumecompat.bridge;

import io.sluice.api.EventDeliveryException;
import io.sluice.api.PollableSource;
import io.sluice.api.Status;
import io.sluice.api.spi.ComponentMetrics;

/**
 * A Flume {@code PollableSource} run by Sluice's pollable-source runner: one {@code process()} per
 * step, with the source's own backoff settings. Runner-thread confined, like Flume's runner.
 */
final class PollableSourceAdapter implements PollableSource {
  private final org.apache.flume.PollableSource flume;
  private final ComponentMetrics metrics;

  PollableSourceAdapter(org.apache.flume.PollableSource flume, ComponentMetrics metrics) {
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
  public Status process() throws EventDeliveryException {
    try {
      return flume.process() == org.apache.flume.PollableSource.Status.READY
          ? Status.READY : Status.BACKOFF;
    } catch (org.apache.flume.EventDeliveryException e) {
      throw new EventDeliveryException("Flume source " + flume.getName() + ": " + e.getMessage(), e);
    }
  }

  @Override
  public long backoffSleepIncrement() {
    return flume.getBackOffSleepIncrement();
  }

  @Override
  public long maxBackoffSleep() {
    return flume.getMaxBackOffSleepInterval();
  }

  @Override
  public String toString() {
    return "Flume source " + flume.getClass().getName();
  }
}
