package io.sluice.core.source;

import io.sluice.api.spi.ComponentMetrics;
import io.sluice.api.spi.ComponentMetrics.Counter;

/** A source's Flume-named counters: EventReceivedCount and EventAcceptedCount. Thread-safe. */
public final class SourceCounters {
  private final Counter received;
  private final Counter accepted;

  public SourceCounters(ComponentMetrics metrics) {
    received = metrics.counter("EventReceivedCount");
    accepted = metrics.counter("EventAcceptedCount");
  }

  public void received(long n) {
    received.add(n);
  }

  public void accepted(long n) {
    accepted.add(n);
  }
}
