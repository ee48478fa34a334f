package io.sluice.kafka;

import io.sluice.api.Event;
import io.sluice.api.SimpleEvent;
import io.sluice.api.SmallHeaderMap;
import io.sluice.api.spi.ComponentMetrics;
import io.sluice.rpc.wire.RecentHeaderValues;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumed record's value as an event: the body alone, or (Flume event format) the
 * {@code AvroFlumeEvent} with its headers. A value that is not one makes {@link #toEvent} return
 * null; the caller skips the record or halts its partition ({@link #policy()}). Either way the
 * record is reported with its topic, partition and offset and counted ({@code KafkaDecodeErrorCount})
 * once, though a rollback, a rebalance or a halted partition's resumption meets it again. The
 * event's headers are mutable. Thread-safe (the channel's taking threads share one).
 */
final class RecordValues {
  private static final Logger LOG = LoggerFactory.getLogger(RecordValues.class);
  private final String component;
  private final boolean flumeFormat;
  private final UndecodableRecords policy;
  private final ComponentMetrics.Counter decodeErrors;
  private final ComponentMetrics.Counter skipped;
  /** Per partition, the highest undecodable offset reported: bounded, unlike a set of records. */
  private final Map<TopicPartition, Long> reported = new ConcurrentHashMap<>();

  RecordValues(String component, boolean flumeFormat, UndecodableRecords policy, ComponentMetrics metrics) {
    this.component = component;
    this.flumeFormat = flumeFormat;
    this.policy = policy;
    this.decodeErrors = metrics.counter("KafkaDecodeErrorCount");
    this.skipped = metrics.dropped(ComponentMetrics.DropReason.UNDECODABLE);
  }

  UndecodableRecords policy() {
    return policy;
  }

  /** The event, or null when the record cannot be decoded (reported and counted the first time). */
  Event toEvent(ConsumerRecord<String, byte[]> record) {
    return toEvent(record, null);
  }

  /**
   * As {@link #toEvent(ConsumerRecord)}; header values that repeat the previous record's come from
   * {@code recent}, the calling thread's own (null: none).
   */
  Event toEvent(ConsumerRecord<String, byte[]> record, RecentHeaderValues recent) {
    if (!flumeFormat) {
      // Flume's channel gives no headers but the key: room for that one; none makes no map
      return new SimpleEvent(record.key() == null ? null : new SmallHeaderMap(1), record.value());
    }
    try {
      return FlumeEventFormat.decode(record.value(), recent);
    } catch (IllegalArgumentException e) {
      if (firstTime(record)) {
        decodeErrors.increment();
        if (policy == UndecodableRecords.SKIP) {
          skipped.increment(); // given up; under stop it halts its partition instead
        }
        report(record, e.getMessage());
      }
      return null;
    }
  }

  // Offsets only grow within a partition, so a record at or below the last one reported was seen.
  private boolean firstTime(ConsumerRecord<?, ?> record) {
    boolean[] first = {false};
    reported.compute(new TopicPartition(record.topic(), record.partition()), (tp, last) -> {
      first[0] = last == null || last < record.offset();
      return first[0] ? record.offset() : last;
    });
    return first[0];
  }

  private void report(ConsumerRecord<?, ?> r, String why) {
    if (policy == UndecodableRecords.SKIP) {
      LOG.warn("{}: skipping the record at {}-{} offset {}, not an AvroFlumeEvent ({}); counted as"
          + " KafkaDecodeErrorCount", component, r.topic(), r.partition(), r.offset(), why);
    } else {
      LOG.error("{}: the record at {}-{} offset {} is not an AvroFlumeEvent ({}); consumption of"
          + " partition {}-{} stopped before it (undecodableRecords = stop), other partitions go on."
          + " To go past it: stop the agent and move the group's offset to {} (kafka-consumer-groups"
          + " --reset-offsets), or set undecodableRecords = skip", component, r.topic(), r.partition(),
          r.offset(), why, r.topic(), r.partition(), r.offset() + 1);
    }
  }
}
