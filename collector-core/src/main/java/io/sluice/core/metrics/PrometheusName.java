package io.sluice.core.metrics;

import io.sluice.api.spi.ComponentMetrics.DropReason;
import java.util.Locale;
import java.util.Map;

/**
 * How one of Flume's counter names reads in Prometheus: the family name (without {@code _total},
 * which the writer adds to counters), whether it is a counter, and an optional extra label that
 * several Flume names share one family by ({@code BatchEmptyCount} is
 * {@code sluice_sink_batches_total{fill="empty"}}).
 */
record PrometheusName(String family, boolean counter, String label, String labelValue) {
  /** Prefix of a ZooKeeper client's gauges ({@code ZooKeeperConnected}, ...) in any group. */
  private static final String ZOOKEEPER = "ZooKeeper";

  private static final Map<String, PrometheusName> KNOWN = Map.ofEntries(
      counter("SOURCE", "EventReceivedCount", "sluice_source_received_events"),
      counter("SOURCE", "EventAcceptedCount", "sluice_source_accepted_events"),
      counter("SOURCE", "AppendReceivedCount", "sluice_source_received_appends"),
      counter("SOURCE", "AppendAcceptedCount", "sluice_source_accepted_appends"),
      counter("SOURCE", "AppendBatchReceivedCount", "sluice_source_received_batches"),
      counter("SOURCE", "AppendBatchAcceptedCount", "sluice_source_accepted_batches"),
      gauge("SOURCE", "OpenConnectionCount", "sluice_source_open_connections"),
      // Counters of events given up that components kept before sluice_events_dropped existed.
      dropped("SOURCE", "EventInterceptorDroppedCount", DropReason.FILTERED),
      dropped("SOURCE", "EventUnroutedCount", DropReason.UNROUTED),
      dropped("SOURCE", "ExecEventDroppedOnStopCount", DropReason.CHANNEL_FULL),
      dropped("SOURCE", "RequestTooLargeCount", DropReason.TOO_LARGE),
      dropped("SINK", "KafkaTopicErrorCount", DropReason.BAD_TOPIC),
      dropped("SINK", "KafkaRecordTooLargeCount", DropReason.TOO_LARGE),
      dropped("CHANNEL", "CorruptRecordCount", DropReason.CORRUPT),
      counter("SOURCE", "BytesAbandonedCount", "sluice_source_abandoned_bytes"),
      labelled("SOURCE", "RequiredChannelFailureCount", "sluice_source_channel_put_failures",
          "channel_role", "required"),
      labelled("SOURCE", "OptionalChannelFailureCount", "sluice_source_channel_put_failures",
          "channel_role", "optional"),
      labelled("SOURCE", "ChannelWriteFail", "sluice_source_errors", "error_type", "channel_write"),
      labelled("SOURCE", "EventReadFail", "sluice_source_errors", "error_type", "read"),
      labelled("SOURCE", "GenericProcessingFail", "sluice_source_errors", "error_type",
          "processing"),
      gauge("CHANNEL", "ChannelSize", "sluice_channel_events"),
      gauge("CHANNEL", "ChannelCapacity", "sluice_channel_capacity_events"),
      counter("CHANNEL", "EventPutAttemptCount", "sluice_channel_put_attempt_events"),
      counter("CHANNEL", "EventPutSuccessCount", "sluice_channel_put_events"),
      counter("CHANNEL", "EventPutErrorCount", "sluice_channel_put_errors"),
      counter("CHANNEL", "EventTakeAttemptCount", "sluice_channel_take_attempt_events"),
      counter("CHANNEL", "EventTakeSuccessCount", "sluice_channel_take_events"),
      counter("CHANNEL", "EventTakeErrorCount", "sluice_channel_take_errors"),
      labelled("CHANNEL", "CheckpointWriteErrorCount", "sluice_channel_checkpoint_errors",
          "checkpoint", "primary"),
      labelled("CHANNEL", "CheckpointBackupWriteErrorCount", "sluice_channel_checkpoint_errors",
          "checkpoint", "backup"),
      counter("CHANNEL", "LogSyncCount", "sluice_channel_fsyncs"),
      gauge("CHANNEL", "Open", "sluice_channel_open"),
      gauge("CHANNEL", "Unhealthy", "sluice_channel_unhealthy"),
      counter("SINK", "EventDrainAttemptCount", "sluice_sink_drain_attempt_events"),
      counter("SINK", "EventDrainSuccessCount", "sluice_sink_sent_events"),
      labelled("SINK", "BatchEmptyCount", "sluice_sink_batches", "fill", "empty"),
      labelled("SINK", "BatchUnderflowCount", "sluice_sink_batches", "fill", "underflow"),
      labelled("SINK", "BatchCompleteCount", "sluice_sink_batches", "fill", "complete"),
      labelled("SINK", "ConnectionCreatedCount", "sluice_sink_connections", "event", "created"),
      labelled("SINK", "ConnectionClosedCount", "sluice_sink_connections", "event", "closed"),
      labelled("SINK", "ConnectionFailedCount", "sluice_sink_connections", "event", "failed"),
      labelled("SINK", "EventWriteFail", "sluice_sink_errors", "error_type", "write"),
      labelled("SINK", "ChannelReadFail", "sluice_sink_errors", "error_type", "channel_read"),
      counter("SINK_PROCESSOR", "SinkFailoverCount", "sluice_sink_group_failovers"),
      counter("SINK_PROCESSOR", "SinkPenaltyCount", "sluice_sink_group_penalties"),
      counter("SINK_PROCESSOR", "SinkRejoinCount", "sluice_sink_group_rejoins"),
      // The conservation headers (the sequence and sequenceCheck interceptors).
      counter("INTERCEPTOR", "SequenceStampedCount", "sluice_sequence_stamped"),
      counter("INTERCEPTOR", "SequenceReceivedCount", "sluice_sequence_received"),
      counter("INTERCEPTOR", "SequenceDistinctCount", "sluice_sequence_distinct"),
      counter("INTERCEPTOR", "SequenceDuplicateCount", "sluice_sequence_duplicates"),
      counter("INTERCEPTOR", "SequenceLateCount", "sluice_sequence_late"),
      counter("INTERCEPTOR", "SequenceGapCount", "sluice_sequence_gaps"),
      counter("INTERCEPTOR", "SequenceUnstampedCount", "sluice_sequence_unstamped"),
      counter("INTERCEPTOR", "SequenceStreamEvictedCount", "sluice_sequence_streams_evicted"),
      gauge("INTERCEPTOR", "SequenceStreams", "sluice_sequence_streams"));

  /**
   * The Prometheus name of counter or gauge {@code name} of a group of kind {@code prefix}
   * ({@code SOURCE}, ...): the table's, else {@code sluice_<kind>_<snake_case name>} with a
   * trailing {@code Count} dropped ({@code FilesRenamedCount} of a source is
   * {@code sluice_source_files_renamed_total}).
   */
  static PrometheusName of(String prefix, String name, boolean isCounter) {
    PrometheusName known = KNOWN.get(prefix + "." + name);
    if (known != null) {
      return known;
    }
    if (name.startsWith(ZOOKEEPER) && name.length() > ZOOKEEPER.length()) {
      // One family whichever component owns the client (an edge's discovered sink group, an
      // aggregator's tier registration); component_kind and component tell them apart.
      return new PrometheusName("sluice_zookeeper_" + snake(name.substring(ZOOKEEPER.length())),
          isCounter, null, null);
    }
    String base = name.endsWith("Count") && name.length() > 5
        ? name.substring(0, name.length() - 5) : name;
    return new PrometheusName("sluice_" + sanitize(ComponentKind.labelOfPrefix(prefix)) + "_"
        + snake(base), isCounter, null, null);
  }

  private static String snake(String camel) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < camel.length(); i++) {
      char c = camel.charAt(i);
      if (Character.isUpperCase(c) && i > 0 && !Character.isUpperCase(camel.charAt(i - 1))) {
        b.append('_');
      }
      b.append(c);
    }
    return sanitize(b.toString().toLowerCase(Locale.ROOT));
  }

  private static String sanitize(String s) {
    return s.replaceAll("[^a-zA-Z0-9_]", "_");
  }

  private static Map.Entry<String, PrometheusName> counter(String kind, String flume,
      String family) {
    return Map.entry(kind + "." + flume, new PrometheusName(family, true, null, null));
  }

  private static Map.Entry<String, PrometheusName> gauge(String kind, String flume,
      String family) {
    return Map.entry(kind + "." + flume, new PrometheusName(family, false, null, null));
  }

  private static Map.Entry<String, PrometheusName> dropped(String kind, String flume,
      DropReason reason) {
    return labelled(kind, flume, "sluice_events_dropped", "reason", reason.label());
  }

  private static Map.Entry<String, PrometheusName> labelled(String kind, String flume,
      String family, String label, String value) {
    return Map.entry(kind + "." + flume, new PrometheusName(family, true, label, value));
  }
}
