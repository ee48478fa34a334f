package io.sluice.kafka;

import io.sluice.api.Event;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Turns an event into the record Flume 1.11's Kafka sink and channel would send: the topic the
 * component chooses, key from the {@code key} header, partition from {@code partitionIdHeader} or
 * {@code defaultPartitionId}, timestamp from {@code timestampHeader}, value the body or the whole
 * {@code AvroFlumeEvent}, record headers from the sink's {@code header.*} keys. Stateless given its settings.
 */
final class RecordMapper {
  static final String KEY_HEADER = "key";
  private final Function<Map<String, String>, String> topicOf;
  private final Integer defaultPartitionId;
  private final String partitionIdHeader;
  private final String timestampHeader;
  private final boolean flumeFormat;
  private final KafkaHeaderMapping kafkaHeaders;

  /**
   * @param topicOf the topic of an event's headers (may throw {@link IllegalArgumentException})
   * @param partitionIdHeader header naming the partition, or null
   * @param timestampHeader header holding the record timestamp, or null for the producer's clock
   * @param kafkaHeaders the event headers copied into record headers
   */
  RecordMapper(Function<Map<String, String>, String> topicOf, Integer defaultPartitionId,
      String partitionIdHeader, String timestampHeader, boolean flumeFormat, KafkaHeaderMapping kafkaHeaders) {
    this.topicOf = topicOf;
    this.defaultPartitionId = defaultPartitionId;
    this.partitionIdHeader = partitionIdHeader;
    this.timestampHeader = timestampHeader;
    this.flumeFormat = flumeFormat;
    this.kafkaHeaders = kafkaHeaders;
  }

  /** @throws IllegalArgumentException for a partition or timestamp header that is not a number */
  ProducerRecord<String, byte[]> toRecord(Event event) {
    Map<String, String> headers = event.getHeaders();
    Integer partition = defaultPartitionId;
    if (partitionIdHeader != null) {
      String value = headers.get(partitionIdHeader);
      if (value != null) {
        partition = parse(value, partitionIdHeader, Integer::valueOf);
      }
    }
    Long timestamp = null;
    if (timestampHeader != null) {
      String value = headers.get(timestampHeader);
      if (value != null) {
        timestamp = parse(value, timestampHeader, Long::valueOf);
      }
    }
    byte[] value = flumeFormat ? FlumeEventFormat.encode(event) : event.getBody();
    return new ProducerRecord<>(topicOf.apply(headers), partition, timestamp, headers.get(KEY_HEADER), value,
        kafkaHeaders.toKafka(headers));
  }

  private static <T> T parse(String value, String header, Function<String, T> parser) {
    try {
      return parser.apply(value.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("header '" + header + "' is not a number: '" + value + "'", e);
    }
  }
}
