package io.sluice.edge.spooldir;

import io.sluice.api.spi.ComponentMetrics;
import io.sluice.api.spi.ComponentMetrics.Counter;

/**
 * The spooldir source's counters: Flume's source names (EventReceivedCount, EventAcceptedCount,
 * AppendBatchReceivedCount, AppendBatchAcceptedCount, ChannelWriteFail, EventReadFail) plus
 * FilesCompletedCount, FilesFailedCount and LinesTruncatedCount. Thread-safe.
 */
final class SpoolCounters {
  private final Counter eventsReceived;
  private final Counter eventsAccepted;
  private final Counter batchesReceived;
  private final Counter batchesAccepted;
  private final Counter channelWriteFail;
  private final Counter readFail;
  private final Counter filesCompleted;
  private final Counter filesFailed;
  private final Counter linesTruncated;

  SpoolCounters(ComponentMetrics metrics) {
    eventsReceived = metrics.counter("EventReceivedCount");
    eventsAccepted = metrics.counter("EventAcceptedCount");
    batchesReceived = metrics.counter("AppendBatchReceivedCount");
    batchesAccepted = metrics.counter("AppendBatchAcceptedCount");
    channelWriteFail = metrics.counter("ChannelWriteFail");
    readFail = metrics.counter("EventReadFail");
    filesCompleted = metrics.counter("FilesCompletedCount");
    filesFailed = metrics.counter("FilesFailedCount");
    linesTruncated = metrics.counter("LinesTruncatedCount");
  }

  void batchRead(int events) {
    batchesReceived.increment();
    eventsReceived.add(events);
  }

  void batchAccepted(int events) {
    batchesAccepted.increment();
    eventsAccepted.add(events);
  }

  void channelWriteFailed() {
    channelWriteFail.increment();
  }

  void readFailed() {
    readFail.increment();
  }

  void fileCompleted() {
    filesCompleted.increment();
  }

  void fileFailed() {
    filesFailed.increment();
  }

  void lineTruncated() {
    linesTruncated.increment();
  }
}
