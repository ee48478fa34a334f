package io.sluice.kafka;

import io.sluice.api.Source;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.SourceContext;
import io.sluice.api.spi.SourceFactory;
import java.time.Duration;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the {@code kafka} source (Flume's {@code org.apache.flume.source.kafka.KafkaSource}) with
 * Flume 1.11's keys and defaults. Exactly one of {@code kafka.topics} and {@code kafka.topics.regex}
 * is required; the old {@code topic} and {@code groupId} load with a deprecation warning, and
 * {@code zookeeperConnect} / {@code migrateZookeeperOffsets} are accepted and ignored. Immutable.
 */
public final class KafkaSourceFactory implements SourceFactory<KafkaSourceConfig> {
  private static final Logger LOG = LoggerFactory.getLogger(KafkaSourceFactory.class);
  static final ConfigKey<String> TOPICS = ConfigKey.string("kafka.topics")
      .doc("Comma-separated topics to consume");
  static final ConfigKey<String> OLD_TOPIC = ConfigKey.string("topic").doc("Deprecated: kafka.topics");
  static final ConfigKey<String> TOPICS_REGEX = ConfigKey.string("kafka.topics.regex")
      .doc("Java regex of the topics to consume (overrides kafka.topics)");
  static final ConfigKey<String> GROUP_ID = ConfigKey.string("kafka.consumer.group.id").defaultValue("flume")
      .check(s -> !s.isEmpty(), "a group id").doc("Consumer group");
  static final ConfigKey<String> OLD_GROUP_ID = ConfigKey.string("groupId")
      .doc("Deprecated: kafka.consumer.group.id");
  static final ConfigKey<Integer> BATCH_SIZE = ConfigKey.integer("batchSize").defaultValue(1000).atLeast(1)
      .doc("Most records per channel transaction");
  static final ConfigKey<Long> BATCH_DURATION = ConfigKey.longInt("batchDurationMillis").defaultValue(1000L)
      .atLeast(1).doc("Longest time (ms) spent filling a batch");
  static final ConfigKey<Long> BACKOFF_STEP = ConfigKey.longInt("backoffStepSize").defaultValue(1000L)
      .atLeast(0).doc("Backoff growth (ms) per consecutive empty or failed batch");
  static final ConfigKey<Long> MAX_BACKOFF = ConfigKey.longInt("maxBackoffSleep").defaultValue(5000L)
      .atLeast(0).doc("Longest backoff (ms)");
  static final ConfigKey<Boolean> USE_FLUME_EVENT_FORMAT = ConfigKey.bool("useFlumeEventFormat")
      .defaultValue(false).doc("Records are Flume AvroFlumeEvents (headers and body)");
  static final ConfigKey<Boolean> SET_TOPIC_HEADER = ConfigKey.bool("setTopicHeader").defaultValue(true)
      .doc("Put the record's topic in the topicHeader header");
  static final ConfigKey<String> TOPIC_HEADER = ConfigKey.string("topicHeader").defaultValue("topic")
      .doc("Header that receives the topic");
  static final ConfigKey<Integer> CONSUMERS = ConfigKey.integer("consumers").defaultValue(1).between(1, 16)
      .doc("Members of the consumer group this source runs, each on a runner thread of its own, so one"
          + " polls while another waits for its channel commit (a Sluice addition; 1 = Flume's one)");
  static final ConfigKey<String> ZOOKEEPER_CONNECT = ConfigKey.ignored("zookeeperConnect",
      "offsets live in Kafka; ZooKeeper is not used");
  static final ConfigKey<String> MIGRATE_ZK_OFFSETS = ConfigKey.ignored("migrateZookeeperOffsets",
      "offsets live in Kafka; there is nothing to migrate from ZooKeeper");

  private final ClientProperties clients;

  public KafkaSourceFactory() {
    this(GlobalSslDefaults.ofProcess());
  }

  /** @param globals Flume's global TLS settings (tests inject their own) */
  KafkaSourceFactory(GlobalSslDefaults globals) {
    this.clients = new ClientProperties(globals);
  }

  @Override
  public String type() {
    return "kafka";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("org.apache.flume.source.kafka.KafkaSource");
  }

  @Override
  public Class<?> componentClass() {
    return KafkaSource.class;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.of(CommonKeys.BOOTSTRAP_SERVERS, CommonKeys.BROKER_LIST, CommonKeys.SECURITY_PROTOCOL,
        TOPICS, OLD_TOPIC, TOPICS_REGEX, GROUP_ID, OLD_GROUP_ID, BATCH_SIZE, BATCH_DURATION, BACKOFF_STEP,
        MAX_BACKOFF, USE_FLUME_EVENT_FORMAT, UndecodableRecords.KEY, SET_TOPIC_HEADER, TOPIC_HEADER,
        CONSUMERS, CommonKeys.OFFSET_COMMIT_INTERVAL, ZOOKEEPER_CONNECT, MIGRATE_ZK_OFFSETS).withPrefixes(CommonKeys.CONSUMER, CommonKeys.SASL, CommonKeys.SSL,
        KafkaHeaderMapping.KEY);
  }

  @Override
  public KafkaSourceConfig configure(ConfigValues v) {
    OldKeys old = new OldKeys(v, LOG);
    Pattern pattern = null;
    List<String> topics = List.of();
    if (v.isSet(TOPICS_REGEX)) {
      try {
        pattern = Pattern.compile(v.get(TOPICS_REGEX));
      } catch (PatternSyntaxException e) {
        throw new ConfigException(TOPICS_REGEX.name(), "is not a valid regex: " + e.getDescription());
      }
    } else {
      String list = old.pick(TOPICS, OLD_TOPIC);
      topics = list == null ? List.of()
          : Arrays.stream(list.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
      if (topics.isEmpty()) {
        throw new ConfigException(TOPICS.name(), "is required (or kafka.topics.regex)");
      }
    }
    Map<String, Object> defaults = new LinkedHashMap<>();
    defaults.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest"); // Flume's default
    int batchSize = v.get(BATCH_SIZE);
    if (batchSize > ConsumerConfig.DEFAULT_MAX_POLL_RECORDS) {
      // one poll fills a batch (Flume leaves Kafka's 500, so a batch of 1000 takes two polls)
      defaults.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, batchSize);
    }
    Map<String, Object> fixed = new HashMap<>();
    fixed.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, CommonKeys.bootstrapServers(v, old));
    fixed.put(ConsumerConfig.GROUP_ID_CONFIG, old.pick(GROUP_ID, OLD_GROUP_ID));
    fixed.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false"); // committed after the channel
    fixed.put(ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class.getName());
    fixed.put(ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, ByteArrayDeserializer.class.getName());
    Map<String, Object> props = new HashMap<>(defaults);
    props.putAll(clients.build(v.raw(), CommonKeys.CONSUMER.prefix(), fixed));
    if ("true".equalsIgnoreCase(String.valueOf(v.raw().get("kafka.consumer.enable.auto.commit")))) {
      LOG.warn("kafka.consumer.enable.auto.commit=true is ignored: offsets are committed after the"
          + " channel transaction");
    }
    return new KafkaSourceConfig(topics, pattern, batchSize, v.get(BATCH_DURATION),
        v.get(BACKOFF_STEP), v.get(MAX_BACKOFF), v.get(USE_FLUME_EVENT_FORMAT), UndecodableRecords.of(v),
        v.get(SET_TOPIC_HEADER), v.get(TOPIC_HEADER), KafkaHeaderMapping.configure(v), props,
        v.get(CONSUMERS), Duration.ofMillis(v.get(CommonKeys.OFFSET_COMMIT_INTERVAL)));
  }

  @Override
  public Source create(KafkaSourceConfig config, SourceContext context) {
    return new KafkaSource(context.componentName(), config, context.channelProcessor(),
        lane -> KafkaClients.create("source " + context.componentName(), "consumer", config.consumerProperties(lane),
            KafkaConsumer::new), context.clock(), context.metrics());
  }
}
