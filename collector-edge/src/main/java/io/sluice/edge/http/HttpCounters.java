package io.sluice.edge.http;

import io.sluice.api.spi.ComponentMetrics;
import io.sluice.api.spi.ComponentMetrics.Counter;
import java.util.function.LongSupplier;

/**
 * The {@code http} source's counters: Flume's {@code SourceCounter} names ({@code
 * EventReceivedCount}, {@code EventAcceptedCount}, {@code AppendBatchReceivedCount}, {@code
 * AppendBatchAcceptedCount}, {@code EventReadFail}, {@code ChannelWriteFail}, {@code
 * GenericProcessingFail}) plus Sluice's {@code RequestTooLargeCount}, {@code
 * RequestBufferFullCount}, {@code MethodNotAllowedCount}, {@code ConnectionsRefusedCount} and the
 * gauges {@code OpenConnectionCount} and {@code BufferedRequestBytes}. Thread-safe.
 */
final class HttpCounters {
  private final ComponentMetrics metrics;
  private final Counter eventsReceived;
  private final Counter eventsAccepted;
  private final Counter batchesReceived;
  private final Counter batchesAccepted;
  private final Counter readFail;
  private final Counter channelWriteFail;
  private final Counter genericFail;
  private final Counter tooLarge;
  private final Counter overBudget;
  private final Counter methodNotAllowed;
  private final Counter refused;

  HttpCounters(ComponentMetrics metrics) {
    this.metrics = metrics;
    eventsReceived = metrics.counter("EventReceivedCount");
    eventsAccepted = metrics.counter("EventAcceptedCount");
    batchesReceived = metrics.counter("AppendBatchReceivedCount");
    batchesAccepted = metrics.counter("AppendBatchAcceptedCount");
    readFail = metrics.counter("EventReadFail");
    channelWriteFail = metrics.counter("ChannelWriteFail");
    genericFail = metrics.counter("GenericProcessingFail");
    tooLarge = metrics.counter("RequestTooLargeCount");
    overBudget = metrics.counter("RequestBufferFullCount");
    methodNotAllowed = metrics.counter("MethodNotAllowedCount");
    refused = metrics.counter("ConnectionsRefusedCount");
  }

  void openConnections(LongSupplier open) {
    metrics.gauge("OpenConnectionCount", open);
  }

  void bufferedRequestBytes(LongSupplier bytes) {
    metrics.gauge("BufferedRequestBytes", bytes);
  }

  void received(int events) {
    batchesReceived.increment();
    eventsReceived.add(events);
  }

  void accepted(int events) {
    batchesAccepted.increment();
    eventsAccepted.add(events);
  }

  /** A request the codec or the handler could not turn into events (400, or 500 from the handler). */
  void readFailed() {
    readFail.increment();
  }

  void channelFull() {
    channelWriteFail.increment();
  }

  /** A put that failed otherwise than by a channel's refusal (an interceptor, a selector). */
  void failed() {
    genericFail.increment();
  }

  void tooLarge() {
    tooLarge.increment();
  }

  void overBudget() {
    overBudget.increment();
  }

  void methodNotAllowed() {
    methodNotAllowed.increment();
  }

  void refused() {
    refused.increment();
  }
}
