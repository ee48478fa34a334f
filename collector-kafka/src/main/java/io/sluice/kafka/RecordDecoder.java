package io.sluice.kafka;

import io.sluice.api.Event;
import io.sluice.api.SimpleEvent;
import io.sluice.api.SmallHeaderMap;
import io.sluice.api.spi.ComponentMetrics;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Turns a consumed record into an event with the headers Flume 1.11's Kafka source sets:
 * {@code timestamp} (the record's timestamp), the record headers its {@code header.*} keys name,
 * the topic under {@code topicHeader} (when
 * {@code setTopicHeader}), {@code partition} and {@code offset} (each only when the event does
 * not carry it already) and {@code key} (when the record has one). With {@code useFlumeEventFormat}
 * the value is an {@code AvroFlumeEvent} whose headers come first; a value that is not one is
 * reported once with its topic, partition and offset and counted ({@code KafkaDecodeErrorCount}),
 * and {@link #decode} returns null for the caller to skip it or halt its partition
 * ({@link #policy()}). Without {@code useFlumeEventFormat} and {@code header.*} keys (Flume's
 * defaults) the headers are a {@link RecordHeaderMap}. Runner-thread confined.
 */
final class RecordDecoder {
  static final String TIMESTAMP = "timestamp";
  static final String PARTITION = "partition";
  static final String OFFSET = "offset";
  static final String KEY = "key";
  /** Room for the headers set here besides mapped ones: timestamp, topic, partition, offset, key. */
  private static final int HEADERS = 5;
  private final RecordValues values;
  private final boolean flumeFormat;
  /** Whether every event's headers are the five fixed ones: one {@link RecordHeaderMap} then. */
  private final boolean fixedHeaders;
  private final boolean setTopicHeader;
  private final String topicHeader;
  private final KafkaHeaderMapping kafkaHeaders;
  private final Clock clock;
  private long lastTimestamp;
  private String lastTimestampText;
  private int lastPartition;
  private String lastPartitionText;

  RecordDecoder(String component, boolean flumeFormat, UndecodableRecords undecodable,
      boolean setTopicHeader, String topicHeader, KafkaHeaderMapping kafkaHeaders, Clock clock,
      ComponentMetrics metrics) {
    this.values = new RecordValues(component, flumeFormat, undecodable, metrics);
    this.flumeFormat = flumeFormat;
    this.fixedHeaders = !flumeFormat && kafkaHeaders.isEmpty()
        && (!setTopicHeader || RecordHeaderMap.fitsTopicHeader(topicHeader));
    this.setTopicHeader = setTopicHeader;
    this.topicHeader = topicHeader;
    this.kafkaHeaders = kafkaHeaders;
    this.clock = clock;
  }

  UndecodableRecords policy() {
    return values.policy();
  }

  /** The event, or null when the record cannot be decoded (already reported and counted). */
  Event decode(ConsumerRecord<String, byte[]> record) {
    // Flume 1.11 takes the record's timestamp; a record without one (old formats) gets the clock's
    long timestamp = record.timestamp() >= 0 ? record.timestamp() : clock.millis();
    if (fixedHeaders) {
      return new SimpleEvent(new RecordHeaderMap(timestampText(timestamp), setTopicHeader ? topicHeader : null,
          record.topic(), partitionText(record.partition()), record.offset(), record.key()), record.value());
    }
    Event event = flumeFormat ? values.toEvent(record) : new SimpleEvent(new SmallHeaderMap(HEADERS), record.value());
    if (event == null) {
      return null;
    }
    Map<String, String> headers = event.getHeaders();
    headers.putIfAbsent(TIMESTAMP, timestampText(timestamp));
    kafkaHeaders.toFlume(record.headers(), headers); // Flume's order: may replace any header but key
    if (setTopicHeader) {
      headers.putIfAbsent(topicHeader, record.topic());
    }
    headers.putIfAbsent(PARTITION, partitionText(record.partition()));
    headers.putIfAbsent(OFFSET, Long.toString(record.offset()));
    if (record.key() != null) {
      headers.put(KEY, record.key());
    }
    return event;
  }

  // Records in a row mostly share their partition and often their millisecond: the previous
  // record's text is reused (strings are immutable), sparing two strings per event.
  private String timestampText(long timestamp) {
    if (timestamp != lastTimestamp || lastTimestampText == null) {
      lastTimestamp = timestamp;
      lastTimestampText = Long.toString(timestamp);
    }
    return lastTimestampText;
  }

  private String partitionText(int partition) {
    if (partition != lastPartition || lastPartitionText == null) {
      lastPartition = partition;
      lastPartitionText = Integer.toString(partition);
    }
    return lastPartitionText;
  }
}
