package io.sluice.kafka;

import io.sluice.api.Sink;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.SinkContext;
import io.sluice.api.spi.SinkFactory;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the {@code kafka} sink (Flume's {@code org.apache.flume.sink.kafka.KafkaSink}) with Flume
 * 1.11's keys and defaults; the old spellings {@code brokerList}, {@code topic},
 * {@code requiredAcks} and {@code batchSize} load with one deprecation warning each. Immutable.
 */
public final class KafkaSinkFactory implements SinkFactory<KafkaSinkConfig> {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSinkFactory.class);
  static final ConfigKey<String> TOPIC = ConfigKey.string("kafka.topic").defaultValue("default-flume-topic")
      .check(s -> !s.isEmpty(), "a topic name").doc("Topic records go to unless a header overrides it");
  static final ConfigKey<String> OLD_TOPIC = ConfigKey.string("topic").doc("Deprecated: kafka.topic");
  static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.integer("flumeBatchSize").defaultValue(100)
      .atLeast(1).doc("Events per channel transaction and per batch of sends");
  static final ConfigKey<Integer> OLD_BATCH_SIZE = ConfigKey.integer("batchSize").atLeast(1)
      .doc("Deprecated: flumeBatchSize");
  static final ConfigKey<String> ACKS = ConfigKey.string("kafka.producer.acks").defaultValue("1")
      .oneOf("0", "1", "all", "-1")
      .doc("Acknowledgements per record: 1 (Flume's default: the leader only), all (every in-sync"
          + " replica: the only setting that survives a leader's loss), 0 (none)");
  static final ConfigKey<String> OLD_ACKS = ConfigKey.string("requiredAcks").oneOf("0", "1", "all", "-1")
      .doc("Deprecated: kafka.producer.acks");
  static final ConfigKey<Boolean> USE_FLUME_EVENT_FORMAT = ConfigKey.bool("useFlumeEventFormat")
      .defaultValue(false).doc("Write Flume's AvroFlumeEvent (headers and body) instead of the body");
  static final ConfigKey<Integer> DEFAULT_PARTITION_ID = ConfigKey.integer("defaultPartitionId").atLeast(0)
      .doc("Partition every record goes to unless partitionIdHeader names one; unset = partitioner");
  static final ConfigKey<String> PARTITION_ID_HEADER = ConfigKey.string("partitionIdHeader")
      .doc("Header holding the partition number of the record");
  static final ConfigKey<Boolean> ALLOW_TOPIC_OVERRIDE = ConfigKey.bool("allowTopicOverride")
      .defaultValue(true).doc("Let the topicHeader header choose the topic");
  static final ConfigKey<String> TOPIC_HEADER = ConfigKey.string("topicHeader").defaultValue("topic")
      .doc("Header naming the topic when allowTopicOverride is true");
  static final ConfigKey<String> TIMESTAMP_HEADER = ConfigKey.string("timestampHeader")
      .doc("Header holding the record timestamp (epoch ms); unset = the producer's clock");
  /** Sluice's own: how many batches the sink keeps in flight; 1 is Flume's one at a time. */
  static final ConfigKey<Integer> BATCHES_IN_FLIGHT = ConfigKey.integer("batchesInFlight").defaultValue(2)
      .between(1, 16).doc("Batches sent and awaiting their acknowledgements at once, each a channel transaction"
          + " of its own, sent in channel order (a Sluice addition; 1 = Flume's one batch at a time)");

  /** Keys of Flume 1.6's producer found in real configs; Flume 1.11 ignores them too. */
  static final ConfigKey<?>[] LEGACY_IGNORED = {
      ConfigKey.ignored("producer.type", "Kafka's old Scala producer setting; the Java producer batches by itself"),
      ConfigKey.ignored("kafka.flumeBatchSize", "Flume 1.11 reads flumeBatchSize; this spelling has no effect there either"),
      ConfigKey.ignored("kafka.metadata.broker.list", "old producer setting; use kafka.bootstrap.servers"),
      ConfigKey.ignored("metadata.broker.list", "old producer setting; use kafka.bootstrap.servers"),
      ConfigKey.ignored("kafka.request.required.acks", "old producer setting; use kafka.producer.acks"),
      ConfigKey.ignored("kafka.serializer.class", "old producer setting; records are written as bytes"),
      ConfigKey.ignored("security.protocol", "Flume 1.11 reads kafka.producer.security.protocol"),
  };


  private final ClientProperties clients;

  public KafkaSinkFactory() {
    this(GlobalSslDefaults.ofProcess());
  }

  /** @param globals Flume's global TLS settings (tests inject their own) */
  KafkaSinkFactory(GlobalSslDefaults globals) {
    this.clients = new ClientProperties(globals);
  }

  @Override
  public String type() {
    return "kafka";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("org.apache.flume.sink.kafka.KafkaSink");
  }

  @Override
  public Class<?> componentClass() {
    return KafkaSink.class;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.of(CommonKeys.BOOTSTRAP_SERVERS, CommonKeys.BROKER_LIST, CommonKeys.SECURITY_PROTOCOL,
        TOPIC, OLD_TOPIC, BATCH_SIZE, OLD_BATCH_SIZE, ACKS, OLD_ACKS, USE_FLUME_EVENT_FORMAT,
        DEFAULT_PARTITION_ID, PARTITION_ID_HEADER, ALLOW_TOPIC_OVERRIDE, TOPIC_HEADER, TIMESTAMP_HEADER,
        CommonKeys.STALL_WARNING, BATCHES_IN_FLIGHT, TooLargeRecords.KEY)
        .with(LEGACY_IGNORED).withPrefixes(CommonKeys.PRODUCER, CommonKeys.SASL, CommonKeys.SSL,
            KafkaHeaderMapping.KEY);
  }

  @Override
  public KafkaSinkConfig configure(ConfigValues v) {
    OldKeys old = new OldKeys(v, LOG);
    Map<String, Object> fixed = new HashMap<>();
    fixed.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, CommonKeys.bootstrapServers(v, old));
    fixed.put(ProducerConfig.ACKS_CONFIG, old.pick(ACKS, OLD_ACKS));
    fixed.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    fixed.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    Map<String, Object> props = clients.producer(v.raw(), fixed);
    String topic = old.pick(TOPIC, OLD_TOPIC);
    if (!new TopicResolver(topic, false, null).hasEscapes() && !TopicResolver.isLegal(topic)) {
      throw new ConfigException(TOPIC.name(), "'" + topic + "' is not a legal Kafka topic name (1 to 249 of"
          + " [a-zA-Z0-9._-]; %{header} escapes are replaced per event)");
    }
    return new KafkaSinkConfig(topic, old.pick(BATCH_SIZE, OLD_BATCH_SIZE),
        v.get(USE_FLUME_EVENT_FORMAT), v.get(DEFAULT_PARTITION_ID), v.get(PARTITION_ID_HEADER),
        v.get(ALLOW_TOPIC_OVERRIDE), v.get(TOPIC_HEADER), v.get(TIMESTAMP_HEADER),
        KafkaHeaderMapping.configure(v), props, Duration.ofMillis(v.get(CommonKeys.STALL_WARNING)),
        v.get(BATCHES_IN_FLIGHT), TooLargeRecords.of(v));
  }

  @Override
  public Sink create(KafkaSinkConfig config, SinkContext context) {
    return new KafkaSink(context.componentName(), context.channel(), config,
        () -> KafkaClients.create("sink " + context.componentName(), "producer", config.producerProperties(),
            KafkaProducer::new), context.metrics());
  }
}
