package io.sluice.core.sink;

import io.sluice.api.Channel;
import io.sluice.api.Event;
import io.sluice.api.spi.ComponentMetrics;
import java.util.List;

/** Takes and commits, discarding the events; for benchmarks and draining. Runner-thread confined. */
public final class NullSink extends BatchSink {

  public NullSink(String name, Channel channel, NullSinkConfig config, ComponentMetrics metrics) {
    super(name, channel, config.batchSize(), metrics);
  }

  @Override
  protected void deliver(List<Event> batch) {
    // Discarding is the whole job.
  }

  /**
   * None: it delivers nowhere, and reading each event's headers would be its only touch of the
   * events, which in the Avro hop benchmark costs more than all of the sink's own work.
   */
  @Override
  protected boolean recordsDeliveryAges() {
    return false;
  }
}
