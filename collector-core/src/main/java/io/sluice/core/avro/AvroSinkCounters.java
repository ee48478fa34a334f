package io.sluice.core.avro;

import io.sluice.api.spi.ComponentMetrics;
import io.sluice.api.spi.ComponentMetrics.Counter;

/**
 * Flume's Avro sink connection counters (ConnectionCreatedCount, ConnectionClosedCount,
 * ConnectionFailedCount) and EventWriteFail; the batch counters come from {@code BatchSink}.
 * Thread-safe.
 */
public final class AvroSinkCounters {
  private final Counter created;
  private final Counter closed;
  private final Counter failed;
  private final Counter writeFail;

  public AvroSinkCounters(ComponentMetrics metrics) {
    created = metrics.counter("ConnectionCreatedCount");
    closed = metrics.counter("ConnectionClosedCount");
    failed = metrics.counter("ConnectionFailedCount");
    writeFail = metrics.counter("EventWriteFail");
  }

  void connectionCreated() {
    created.increment();
  }

  void connectionClosed() {
    closed.increment();
  }

  void connectionFailed() {
    failed.increment();
  }

  void writeFailed() {
    writeFail.increment();
  }
}
