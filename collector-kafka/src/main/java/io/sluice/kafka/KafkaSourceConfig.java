package io.sluice.kafka;

import io.sluice.api.config.BatchSized;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;
import org.apache.kafka.clients.consumer.ConsumerConfig;

/**
 * The Kafka source's settings (Flume 1.11's keys).
 *
 * @param topics {@code kafka.topics}, or empty when {@code topicPattern} is set
 * @param topicPattern {@code kafka.topics.regex}, or null
 * @param batchSize {@code batchSize} (1000): most records per channel transaction
 * @param batchDurationMillis {@code batchDurationMillis} (1000): longest wait to fill a batch
 * @param backoffStepSize {@code backoffStepSize} (1000 ms)
 * @param maxBackoffSleep {@code maxBackoffSleep} (5000 ms)
 * @param useFlumeEventFormat {@code useFlumeEventFormat} (false): records are {@code AvroFlumeEvent}s
 * @param undecodableRecords {@code undecodableRecords} (skip, a Sluice addition): what a record that
 *     is not an {@code AvroFlumeEvent} does
 * @param setTopicHeader {@code setTopicHeader} (true)
 * @param topicHeader {@code topicHeader} ({@code topic})
 * @param kafkaHeaders {@code header.*}: the Kafka record header copied into each event header, by
 *     event header name
 * @param consumerProperties everything handed to the {@code KafkaConsumer}
 * @param consumers {@code consumers} (1, a Sluice addition): members of the group this source runs,
 *     each on a runner thread of its own
 * @param offsetCommitInterval {@code offsetCommitIntervalMillis} (100 ms, a Sluice addition): least time
 *     between two offset commits of a consumer while records keep coming
 */
public record KafkaSourceConfig(
    List<String> topics, Pattern topicPattern, int batchSize, long batchDurationMillis,
    long backoffStepSize, long maxBackoffSleep, boolean useFlumeEventFormat,
    UndecodableRecords undecodableRecords, boolean setTopicHeader,
    String topicHeader, Map<String, String> kafkaHeaders, Map<String, Object> consumerProperties,
    int consumers, Duration offsetCommitInterval) implements BatchSized {

  public KafkaSourceConfig {
    topics = List.copyOf(topics);
    Objects.requireNonNull(undecodableRecords, "undecodableRecords");
    Objects.requireNonNull(offsetCommitInterval, "offsetCommitInterval");
    kafkaHeaders = Map.copyOf(kafkaHeaders);
    consumerProperties = Map.copyOf(consumerProperties);
  }

  @Override
  public String batchSizeKey() {
    return "batchSize";
  }

  /**
   * Consumer {@code lane}'s properties (0-based): with several consumers, a {@code client.id} the
   * operator set gets {@code -<lane + 1>}, so each consumer's metrics and broker quotas stay apart.
   */
  public Map<String, Object> consumerProperties(int lane) {
    Object clientId = consumerProperties.get(ConsumerConfig.CLIENT_ID_CONFIG);
    if (consumers == 1 || clientId == null || String.valueOf(clientId).isEmpty()) {
      return consumerProperties;
    }
    Map<String, Object> out = new HashMap<>(consumerProperties);
    out.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId + "-" + (lane + 1));
    return out;
  }

  /** What the source subscribes to, for logs. */
  public String subscription() {
    return topicPattern != null ? "topics matching " + topicPattern.pattern() : "topics " + topics;
  }
}
