package io.sluice.kafka;

import io.sluice.api.Event;
import java.util.Map;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Turns an event into the record Flume 1.11's Kafka sink would send: topic from the
 * {@code topicHeader} when overrides are allowed, key from the {@code key} header, partition from
 * {@code partitionIdHeader} or {@code defaultPartitionId}, timestamp from {@code timestampHeader},
 * value the body or the whole {@code AvroFlumeEvent}. Stateless given its config.
 */
final class RecordMapper {
  static final String KEY_HEADER = "key";
  private final KafkaSinkConfig config;

  RecordMapper(KafkaSinkConfig config) {
    this.config = config;
  }

  /** @throws IllegalArgumentException for a partition or timestamp header that is not a number */
  ProducerRecord<String, byte[]> toRecord(Event event) {
    Map<String, String> headers = event.getHeaders();
    String topic = config.topic();
    if (config.allowTopicOverride()) {
      String override = headers.get(config.topicHeader());
      if (override != null && !override.isEmpty()) {
        topic = override;
      }
    }
    Integer partition = config.defaultPartitionId();
    if (config.partitionIdHeader() != null) {
      String value = headers.get(config.partitionIdHeader());
      if (value != null) {
        partition = parse(value, config.partitionIdHeader(), Integer::valueOf);
      }
    }
    Long timestamp = null;
    if (config.timestampHeader() != null) {
      String value = headers.get(config.timestampHeader());
      if (value != null) {
        timestamp = parse(value, config.timestampHeader(), Long::valueOf);
      }
    }
    byte[] value = config.useFlumeEventFormat() ? FlumeEventFormat.encode(event) : event.getBody();
    return new ProducerRecord<>(topic, partition, timestamp, headers.get(KEY_HEADER), value);
  }

  private static <T> T parse(String value, String header, java.util.function.Function<String, T> parser) {
    try {
      return parser.apply(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("header '" + header + "' is not a number: '" + value + "'", e);
    }
  }
}
