package io.sluice.edge.exec;

import io.sluice.api.spi.ComponentMetrics;
import io.sluice.api.spi.ComponentMetrics.Counter;

/**
 * The exec source's counters: Flume's source names plus exec-specific ones, which say what the
 * child did and what, if anything, was given up. Thread-safe.
 */
final class ExecCounters {
  final Counter eventReceived;
  final Counter eventAccepted;
  final Counter batchReceived;
  final Counter batchAccepted;
  final Counter channelWriteFail;
  final Counter genericProcessingFail;
  final Counter eventReadFail;
  final Counter restarts;
  final Counter childExits;
  final Counter startFailures;
  final Counter linesTruncated;
  final Counter stdErrLines;
  final Counter stdErrLinesSuppressed;
  final Counter droppedOnStop;
  final ComponentMetrics metrics;

  ExecCounters(ComponentMetrics metrics) {
    this.metrics = metrics;
    eventReceived = metrics.counter("EventReceivedCount");
    eventAccepted = metrics.counter("EventAcceptedCount");
    batchReceived = metrics.counter("AppendBatchReceivedCount");
    batchAccepted = metrics.counter("AppendBatchAcceptedCount");
    channelWriteFail = metrics.counter("ChannelWriteFail");
    genericProcessingFail = metrics.counter("GenericProcessingFail");
    eventReadFail = metrics.counter("EventReadFail");
    restarts = metrics.counter("ExecRestartCount");
    childExits = metrics.counter("ExecChildExitCount");
    startFailures = metrics.counter("ExecStartFailCount");
    linesTruncated = metrics.counter("ExecLineTruncatedCount");
    stdErrLines = metrics.counter("ExecStdErrLineCount");
    stdErrLinesSuppressed = metrics.counter("ExecStdErrSuppressedCount");
    droppedOnStop = metrics.counter("ExecEventDroppedOnStopCount");
  }
}
