package io.sluice.core.avro;

import io.sluice.api.spi.ComponentMetrics;
import io.sluice.api.spi.ComponentMetrics.Counter;
import java.util.function.LongSupplier;

/**
 * Flume's Avro source counters: EventReceived/Accepted, AppendBatchReceived/Accepted,
 * AppendReceived/Accepted, ChannelWriteFail, and the OpenConnectionCount gauge; plus Sluice's
 * BufferedBytes gauge. Thread-safe.
 */
public final class AvroSourceCounters {
  private final ComponentMetrics metrics;
  private final Counter eventsReceived;
  private final Counter eventsAccepted;
  private final Counter batchesReceived;
  private final Counter batchesAccepted;
  private final Counter appendsReceived;
  private final Counter appendsAccepted;
  private final Counter channelWriteFail;

  public AvroSourceCounters(ComponentMetrics metrics) {
    this.metrics = metrics;
    eventsReceived = metrics.counter("EventReceivedCount");
    eventsAccepted = metrics.counter("EventAcceptedCount");
    batchesReceived = metrics.counter("AppendBatchReceivedCount");
    batchesAccepted = metrics.counter("AppendBatchAcceptedCount");
    appendsReceived = metrics.counter("AppendReceivedCount");
    appendsAccepted = metrics.counter("AppendAcceptedCount");
    channelWriteFail = metrics.counter("ChannelWriteFail");
  }

  void received(int events, boolean batch) {
    (batch ? batchesReceived : appendsReceived).increment();
    eventsReceived.add(events);
  }

  void accepted(int events, boolean batch) {
    (batch ? batchesAccepted : appendsAccepted).increment();
    eventsAccepted.add(events);
  }

  void channelWriteFailed() {
    channelWriteFail.increment();
  }

  /** Publishes the live connection count as {@code OpenConnectionCount}. */
  void openConnections(LongSupplier value) {
    metrics.gauge("OpenConnectionCount", value);
  }

  /**
   * Publishes the bytes the server holds against its {@code maxBufferedBytes} budget (partial
   * frames, calls waiting for a handler, unread replies) as {@code BufferedBytes}: at the budget,
   * frames that need more are refused to their connections.
   */
  void bufferedBytes(LongSupplier value) {
    metrics.gauge("BufferedBytes", value);
  }
}
