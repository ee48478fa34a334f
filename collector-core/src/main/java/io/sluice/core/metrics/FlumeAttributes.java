package io.sluice.core.metrics;

import java.util.List;

/** The attribute names Flume 1.11's counter MBeans expose, per kind (besides StartTime, ...). */
final class FlumeAttributes {
  private FlumeAttributes() {}

  static final List<String> SOURCE = List.of("EventReceivedCount", "EventAcceptedCount",
      "AppendReceivedCount", "AppendAcceptedCount", "AppendBatchReceivedCount",
      "AppendBatchAcceptedCount", "OpenConnectionCount", "EventReadFail", "ChannelWriteFail",
      "GenericProcessingFail");

  static final List<String> CHANNEL = List.of("ChannelSize", "ChannelCapacity",
      "EventPutAttemptCount", "EventPutSuccessCount", "EventTakeAttemptCount",
      "EventTakeSuccessCount");

  /** The file channel's additions; present when the channel registers its {@code Open} gauge. */
  static final List<String> FILE_CHANNEL = List.of("EventPutErrorCount", "EventTakeErrorCount",
      "CheckpointWriteErrorCount", "CheckpointBackupWriteErrorCount");

  static final List<String> SINK = List.of("ConnectionCreatedCount", "ConnectionClosedCount",
      "ConnectionFailedCount", "BatchEmptyCount", "BatchUnderflowCount", "BatchCompleteCount",
      "EventDrainAttemptCount", "EventDrainSuccessCount", "EventWriteFail", "ChannelReadFail");

  static List<String> of(ComponentKind kind) {
    return switch (kind) {
      case SOURCE -> SOURCE;
      case CHANNEL -> CHANNEL;
      case SINK -> SINK;
      case SINK_GROUP -> List.of();
    };
  }
}
