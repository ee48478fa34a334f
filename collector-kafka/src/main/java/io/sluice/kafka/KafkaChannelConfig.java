package io.sluice.kafka;

import io.sluice.api.spi.DurableChannelConfig;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The Kafka channel's settings (Flume 1.11's keys).
 *
 * @param topic {@code kafka.topic} ({@code flume-channel})
 * @param parseAsFlumeEvent {@code parseAsFlumeEvent} (true): records are {@code AvroFlumeEvent}s,
 *     headers included, byte-identical to Flume's
 * @param undecodableRecords {@code undecodableRecords} (skip, a Sluice addition): what a record that
 *     is not an {@code AvroFlumeEvent} does
 * @param pollTimeout {@code kafka.pollTimeout} / {@code pollTimeout} (500 ms): longest wait of a take
 * @param defaultPartitionId {@code defaultPartitionId}, or null to let the partitioner choose
 * @param partitionIdHeader {@code partitionIdHeader}, or null
 * @param producerProperties everything handed to the {@code KafkaProducer}
 * @param consumerProperties everything handed to each taking thread's {@code KafkaConsumer}
 * @param stallWarning {@code stallWarningMillis} (10 s, a Sluice addition): how long a put commit waits
 *     for its acknowledgements before the channel logs the outage (it goes on waiting)
 * @param offsetCommitInterval {@code offsetCommitIntervalMillis} (100 ms, a Sluice addition): least time
 *     between two offset commits of a taking consumer while records keep coming
 */
public record KafkaChannelConfig(
    String topic, boolean parseAsFlumeEvent, UndecodableRecords undecodableRecords, Duration pollTimeout,
    Integer defaultPartitionId, String partitionIdHeader, Map<String, Object> producerProperties,
    Map<String, Object> consumerProperties, Duration stallWarning, Duration offsetCommitInterval)
    implements DurableChannelConfig {

  public KafkaChannelConfig {
    Objects.requireNonNull(topic, "topic");
    Objects.requireNonNull(pollTimeout, "pollTimeout");
    Objects.requireNonNull(undecodableRecords, "undecodableRecords");
    Objects.requireNonNull(stallWarning, "stallWarning");
    Objects.requireNonNull(offsetCommitInterval, "offsetCommitInterval");
    producerProperties = Map.copyOf(producerProperties);
    consumerProperties = Map.copyOf(consumerProperties);
  }

  public String groupId() {
    return String.valueOf(consumerProperties.get("group.id"));
  }

  /**
   * The topic, its group and cluster: a reload that keeps them lets the new instance resume at the
   * group's committed offsets instead of moving events into the same topic a second time.
   */
  @Override
  public Set<String> storageLocations() {
    return Set.of("kafka:" + consumerProperties.get("bootstrap.servers") + "/" + topic + "#" + groupId());
  }
}
