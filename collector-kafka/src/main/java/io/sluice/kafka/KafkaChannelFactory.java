package io.sluice.kafka;

import io.sluice.api.Channel;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.ChannelFactory;
import io.sluice.api.spi.ComponentContext;
import java.time.Duration;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the {@code kafka} channel (Flume's {@code org.apache.flume.channel.kafka.KafkaChannel})
 * with Flume 1.11's keys and defaults: {@code acks=all} for the producer, auto-commit off for the
 * consumers. The old spellings {@code brokerList}, {@code topic}, {@code groupId} and
 * {@code readSmallestOffset} load with a deprecation warning; {@code migrateZookeeperOffsets},
 * {@code zookeeperConnect}, and the {@code capacity}/{@code transactionCapacity} keys real configs
 * carry over from memory channels are accepted and ignored with a warning. Immutable.
 */
public final class KafkaChannelFactory implements ChannelFactory<KafkaChannelConfig> {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaChannelFactory.class);
  static final ConfigKey<String> TOPIC = ConfigKey.string("kafka.topic").defaultValue("flume-channel")
      .check(TopicResolver::isLegal, "a legal Kafka topic name (1 to 249 of [a-zA-Z0-9._-])")
      .doc("Topic that holds the channel's events");
  static final ConfigKey<String> OLD_TOPIC = ConfigKey.string("topic")
      .check(TopicResolver::isLegal, "a legal Kafka topic name (1 to 249 of [a-zA-Z0-9._-])")
      .doc("Deprecated: kafka.topic");
  static final ConfigKey<String> GROUP_ID = ConfigKey.string("kafka.consumer.group.id").defaultValue("flume")
      .check(s -> !s.isEmpty(), "a group id").doc("Consumer group of the channel's takers");
  static final ConfigKey<String> OLD_GROUP_ID = ConfigKey.string("groupId")
      .doc("Deprecated: kafka.consumer.group.id");
  static final ConfigKey<Boolean> PARSE_AS_FLUME_EVENT = ConfigKey.bool("parseAsFlumeEvent").defaultValue(true)
      .doc("Records are Flume AvroFlumeEvents (headers and body); false: the body alone");
  // Flume's code reads kafka.pollTimeout while its user guide shows pollTimeout: both work.
  static final ConfigKey<Long> POLL_TIMEOUT = ConfigKey.longInt("kafka.pollTimeout").defaultValue(500L)
      .atLeast(0).doc("Longest wait (ms) of a take for a record");
  static final ConfigKey<Long> POLL_TIMEOUT_DOC_SPELLING = ConfigKey.longInt("pollTimeout").atLeast(0)
      .doc("Same as kafka.pollTimeout (the spelling of Flume's user guide)");
  static final ConfigKey<Integer> DEFAULT_PARTITION_ID = ConfigKey.integer("defaultPartitionId").atLeast(0)
      .doc("Partition every put goes to unless partitionIdHeader names one; unset = partitioner");
  static final ConfigKey<String> PARTITION_ID_HEADER = ConfigKey.string("partitionIdHeader")
      .doc("Header holding the partition number of the record");
  static final ConfigKey<Boolean> READ_SMALLEST_OFFSET = ConfigKey.bool("readSmallestOffset")
      .doc("Deprecated: kafka.consumer.auto.offset.reset (true = earliest, false = latest)");
  static final ConfigKey<String> ACKS = ConfigKey.string("kafka.producer.acks").defaultValue("all")
      .oneOf("0", "1", "all", "-1").doc("Acknowledgements per put record (Flume's channel default: all)");

  static final ConfigKey<?>[] IGNORED = {
      ConfigKey.ignored("migrateZookeeperOffsets", "offsets live in Kafka; there is nothing to migrate"
          + " from ZooKeeper"),
      ConfigKey.ignored("zookeeperConnect", "offsets live in Kafka; ZooKeeper is not used"),
      ConfigKey.ignored("capacity", "a Kafka channel holds what its topic holds (Flume ignores it too)"),
      ConfigKey.ignored("transactionCapacity", "a Kafka channel has no transaction limit (Flume ignores"
          + " it too)"),
      ConfigKey.ignored("auto.offset.reset", "Flume 1.11 reads kafka.consumer.auto.offset.reset"),
  };

  private final ClientProperties clients;

  public KafkaChannelFactory() {
    this(GlobalSslDefaults.ofProcess());
  }

  /** @param globals Flume's global TLS settings (tests inject their own) */
  KafkaChannelFactory(GlobalSslDefaults globals) {
    this.clients = new ClientProperties(globals);
  }

  @Override
  public String type() {
    return "kafka";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("org.apache.flume.channel.kafka.KafkaChannel");
  }

  @Override
  public Class<?> componentClass() {
    return KafkaChannel.class;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.of(CommonKeys.BOOTSTRAP_SERVERS, CommonKeys.BROKER_LIST, CommonKeys.SECURITY_PROTOCOL,
        TOPIC, OLD_TOPIC, GROUP_ID, OLD_GROUP_ID, PARSE_AS_FLUME_EVENT, UndecodableRecords.KEY,
        POLL_TIMEOUT, POLL_TIMEOUT_DOC_SPELLING, DEFAULT_PARTITION_ID, PARTITION_ID_HEADER, READ_SMALLEST_OFFSET, ACKS,
        CommonKeys.STALL_WARNING, CommonKeys.OFFSET_COMMIT_INTERVAL)
        .with(IGNORED).withPrefixes(CommonKeys.PRODUCER, CommonKeys.CONSUMER, CommonKeys.SASL, CommonKeys.SSL);
  }

  @Override
  public KafkaChannelConfig configure(ConfigValues v) {
    OldKeys old = new OldKeys(v, LOG);
    String servers = CommonKeys.bootstrapServers(v, old);
    Map<String, Object> producerFixed = new HashMap<>();
    producerFixed.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    producerFixed.put(ProducerConfig.ACKS_CONFIG, v.get(ACKS));
    producerFixed.put(ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class.getName());
    producerFixed.put(ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, ByteArraySerializer.class.getName());
    Map<String, Object> producer = clients.producer(v.raw(), producerFixed);

    Map<String, Object> consumerFixed = new HashMap<>();
    consumerFixed.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, servers);
    consumerFixed.put(ConsumerConfig.GROUP_ID_CONFIG, old.pick(GROUP_ID, OLD_GROUP_ID));
    consumerFixed.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"); // committed with the take
    consumerFixed.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    consumerFixed.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    Map<String, Object> consumer = new LinkedHashMap<>();
    // Flume's channel defaults to latest, which never takes what was put before the group's first
    // consumer joined: silent loss on a fresh group. Sluice starts a fresh group at the beginning.
    consumer.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, v.isSet(READ_SMALLEST_OFFSET)
        ? oldOffsetReset(v) : "earliest");
    consumer.putAll(clients.build(v.raw(), CommonKeys.CONSUMER.prefix(), consumerFixed));

    long pollMs = v.isSet(POLL_TIMEOUT_DOC_SPELLING) && !v.isSet(POLL_TIMEOUT)
        ? v.get(POLL_TIMEOUT_DOC_SPELLING) : v.get(POLL_TIMEOUT);
    return new KafkaChannelConfig(old.pick(TOPIC, OLD_TOPIC), v.get(PARSE_AS_FLUME_EVENT),
        UndecodableRecords.of(v), Duration.ofMillis(pollMs), v.get(DEFAULT_PARTITION_ID),
        v.get(PARTITION_ID_HEADER), producer, consumer, Duration.ofMillis(v.get(CommonKeys.STALL_WARNING)),
        Duration.ofMillis(v.get(CommonKeys.OFFSET_COMMIT_INTERVAL)));
  }

  private static String oldOffsetReset(ConfigValues v) {
    String value = v.get(READ_SMALLEST_OFFSET) ? "earliest" : "latest";
    if (v.raw().containsKey("kafka.consumer.auto.offset.reset")) {
      LOG.warn("'readSmallestOffset' is deprecated and overridden by 'kafka.consumer.auto.offset.reset';"
          + " remove 'readSmallestOffset'");
    } else {
      LOG.warn("'readSmallestOffset' is deprecated; use 'kafka.consumer.auto.offset.reset = {}'", value);
    }
    return value;
  }

  @Override
  public Channel create(KafkaChannelConfig config, ComponentContext context) {
    String channel = "channel " + context.componentName();
    return new KafkaChannel(config, context,
        () -> KafkaClients.create(channel, "producer", config.producerProperties(), KafkaProducer::new),
        () -> KafkaClients.create(channel, "consumer", config.consumerProperties(), KafkaConsumer::new));
  }
}
