package io.sluice.kafka;

import io.sluice.api.Event;
import io.sluice.api.spi.ComponentMetrics;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns a consumed record into an event with the headers Flume 1.11's Kafka source sets:
 * {@code timestamp} (the time it was consumed), the topic under {@code topicHeader} (when
 * {@code setTopicHeader}), {@code partition} and {@code offset} (each only when the event does
 * not carry it already) and {@code key} (when the record has one). With {@code useFlumeEventFormat}
 * the value is an {@code AvroFlumeEvent} whose headers come first; a value that is not one is
 * reported once with its topic, partition and offset, counted ({@code KafkaDecodeErrorCount}) and
 * skipped ({@link #decode} returns null). Runner-thread confined.
 */
final class RecordDecoder {
  private static final Logger LOG = LoggerFactory.getLogger(RecordDecoder.class);
  static final String TIMESTAMP = "timestamp";
  static final String PARTITION = "partition";
  static final String OFFSET = "offset";
  static final String KEY = "key";
  private final String component;
  private final boolean flumeFormat;
  private final boolean setTopicHeader;
  private final String topicHeader;
  private final Clock clock;
  private final ComponentMetrics.Counter decodeErrors;

  RecordDecoder(String component, boolean flumeFormat, boolean setTopicHeader, String topicHeader,
      Clock clock, ComponentMetrics metrics) {
    this.component = component;
    this.flumeFormat = flumeFormat;
    this.setTopicHeader = setTopicHeader;
    this.topicHeader = topicHeader;
    this.clock = clock;
    this.decodeErrors = metrics.counter("KafkaDecodeErrorCount");
  }

  /** The event, or null when the record cannot be decoded (already reported and counted). */
  Event decode(ConsumerRecord<String, byte[]> record) {
    Event event;
    if (flumeFormat) {
      try {
        event = FlumeEventFormat.decode(record.value());
      } catch (IllegalArgumentException e) {
        decodeErrors.increment();
        LOG.warn("{}: skipping the record at {}-{} offset {}: {}", component, record.topic(),
            record.partition(), record.offset(), e.getMessage());
        return null;
      }
    } else {
      byte[] body = record.value() == null ? new byte[0] : record.value();
      event = Event.of(new HashMap<>(8), body);
    }
    Map<String, String> headers = event.getHeaders();
    headers.putIfAbsent(TIMESTAMP, Long.toString(clock.millis()));
    if (setTopicHeader) {
      headers.putIfAbsent(topicHeader, record.topic());
    }
    headers.putIfAbsent(PARTITION, Integer.toString(record.partition()));
    headers.putIfAbsent(OFFSET, Long.toString(record.offset()));
    if (record.key() != null) {
      headers.put(KEY, record.key());
    }
    return event;
  }
}
