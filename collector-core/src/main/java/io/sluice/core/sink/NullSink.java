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
}
