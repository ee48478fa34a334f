package io.sluice.flumecompat.bridge;

import io.sluice.api.EventDeliveryException;
import io.sluice.api.Sink;
import io.sluice.api.Status;
import io.sluice.api.spi.ComponentMetrics;

/**
 * A Flume sink run by Sluice's sink runner (alone or in a sink group): one {@code process()} per
 * step, its transactions on the {@link ChannelFacade} over the Sluice channel. A transaction the
 * Flume sink leaves open is rolled back after the step, so its events stay in the channel.
 */
final class SinkAdapter implements Sink {
  private final org.apache.flume.Sink flume;
  private final ChannelFacade channel;
  private final ComponentMetrics metrics;

  SinkAdapter(org.apache.flume.Sink flume, ChannelFacade channel, ComponentMetrics metrics) {
    this.flume = flume;
    this.channel = channel;
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
      return flume.process() == org.apache.flume.Sink.Status.READY ? Status.READY : Status.BACKOFF;
    } catch (org.apache.flume.EventDeliveryException e) {
      throw new EventDeliveryException("Flume sink " + flume.getName() + ": " + e.getMessage(), e);
    } finally {
      channel.endAbandoned(flume.getName());
    }
  }

  @Override
  public String toString() {
    return "Flume sink " + flume.getClass().getName();
  }
}
