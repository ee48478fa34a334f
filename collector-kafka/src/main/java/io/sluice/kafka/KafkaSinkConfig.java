package io.sluice.kafka;

import io.sluice.api.config.BatchSized;
import java.time.Duration;
import java.util.Map;

/**
 * The Kafka sink's settings (Flume 1.11's keys).
 *
 * @param topic {@code kafka.topic} ({@code default-flume-topic})
 * @param batchSize {@code flumeBatchSize} (100): events per channel transaction and per batch of sends
 * @param useFlumeEventFormat {@code useFlumeEventFormat} (false): write {@code AvroFlumeEvent}s, headers included
 * @param defaultPartitionId {@code defaultPartitionId}, or null to let the partitioner choose
 * @param partitionIdHeader {@code partitionIdHeader}, or null
 * @param allowTopicOverride {@code allowTopicOverride} (true)
 * @param topicHeader {@code topicHeader} ({@code topic})
 * @param timestampHeader {@code timestampHeader}, or null for the producer's time
 * @param kafkaHeaders {@code header.*}: Kafka record header names by the event header copied there
 * @param producerProperties everything handed to the {@code KafkaProducer}
 * @param stallWarning {@code stallWarningMillis} (10 s, a Sluice addition): how long a batch waits for
 *     its acknowledgements before the sink logs the outage (it goes on waiting)
 * @param batchesInFlight {@code batchesInFlight} (2, a Sluice addition): batches sent and awaiting
 *     their acknowledgements at once, each in a channel transaction of its own
 * @param tooLargeRecords {@code tooLargeRecords} (skip, a Sluice addition): what an event Kafka
 *     refuses as too large does to its batch
 */
public record KafkaSinkConfig(
    String topic, int batchSize, boolean useFlumeEventFormat, Integer defaultPartitionId,
    String partitionIdHeader, boolean allowTopicOverride, String topicHeader, String timestampHeader,
    Map<String, String> kafkaHeaders, Map<String, Object> producerProperties, Duration stallWarning,
    int batchesInFlight, TooLargeRecords tooLargeRecords)
    implements BatchSized {

  public KafkaSinkConfig {
    kafkaHeaders = Map.copyOf(kafkaHeaders);
    producerProperties = Map.copyOf(producerProperties);
  }

  @Override
  public String batchSizeKey() {
    return "flumeBatchSize";
  }
}
