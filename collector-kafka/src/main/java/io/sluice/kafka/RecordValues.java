package io.sluice.kafka;

import io.sluice.api.Event;
import io.sluice.api.spi.ComponentMetrics;
import java.util.HashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consumed record's value as an event: the body alone, or (Flume event format) the
 * {@code AvroFlumeEvent} with its headers. A value that is not one is reported with its topic,
 * partition and offset, counted ({@code KafkaDecodeErrorCount}) and skipped: {@link #toEvent}
 * returns null, so one bad record never blocks its partition. The event's headers are mutable.
 * Thread-safe (the counter is).
 */
final class RecordValues {
  private static final Logger LOG = LoggerFactory.getLogger(RecordValues.class);
  private final String component;
  private final boolean flumeFormat;
  private final ComponentMetrics.Counter decodeErrors;

  RecordValues(String component, boolean flumeFormat, ComponentMetrics metrics) {
    this.component = component;
    this.flumeFormat = flumeFormat;
    this.decodeErrors = metrics.counter("KafkaDecodeErrorCount");
  }

  /** The event, or null when the record cannot be decoded (already reported and counted). */
  Event toEvent(ConsumerRecord<String, byte[]> record) {
    if (!flumeFormat) {
      return Event.of(new HashMap<>(8), record.value() == null ? new byte[0] : record.value());
    }
    try {
      return FlumeEventFormat.decode(record.value());
    } catch (IllegalArgumentException e) {
      decodeErrors.increment();
      LOG.warn("{}: skipping the record at {}-{} offset {}: {}", component, record.topic(),
          record.partition(), record.offset(), e.getMessage());
      return null;
    }
  }
}
