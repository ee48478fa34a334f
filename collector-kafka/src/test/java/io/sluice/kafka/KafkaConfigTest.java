package io.sluice.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.api.config.ConfigException;
import io.sluice.api.spi.ComponentFactory;
import io.sluice.core.config.ConfigParser;
import io.sluice.core.testutil.Configs;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.ServiceLoader;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Flume 1.11's keys, defaults and old spellings; Flume configs found in the wild load. */
class KafkaConfigTest {

  @Test
  void sinkDefaultsAreFlumes() {
    KafkaSinkConfig c = Configs.configure(new KafkaSinkFactory(), Map.of("kafka.bootstrap.servers", "b:9092"));
    assertEquals("default-flume-topic", c.topic());
    assertEquals(100, c.batchSize());
    assertEquals("1", c.producerProperties().get("acks"));
    assertEquals(65536, c.producerProperties().get("batch.size"), "Sluice's default, Kafka's is 16 KiB");
    assertFalse(c.useFlumeEventFormat());
    assertTrue(c.allowTopicOverride());
    assertEquals("topic", c.topicHeader());
    assertNull(c.defaultPartitionId());
    assertNull(c.timestampHeader());
  }

  @Test
  void sinkOldSpellingsAndPassThrough() {
    KafkaSinkConfig c = Configs.configure(new KafkaSinkFactory(), Map.of("brokerList", "b:9092",
        "topic", "t", "requiredAcks", "-1", "batchSize", "7", "kafka.producer.linger.ms", "5",
        "kafka.producer.security.protocol", "SASL_SSL", "kafka.producer.sasl.mechanism", "GSSAPI",
        "kafka.producer.batch.size", "1000"));
    assertEquals("t", c.topic());
    assertEquals(7, c.batchSize());
    Map<String, Object> p = c.producerProperties();
    assertEquals("b:9092", p.get("bootstrap.servers"));
    assertEquals("-1", p.get("acks"));
    assertEquals("5", p.get("linger.ms"));
    assertEquals("SASL_SSL", p.get("security.protocol"));
    assertEquals("GSSAPI", p.get("sasl.mechanism"));
    assertEquals("1000", p.get("batch.size"), "the operator's batch.size wins");
  }

  @Test
  void bootstrapServersAreRequired() {
    assertThrows(ConfigException.class, () -> Configs.configure(new KafkaSinkFactory(), Map.of()));
    assertThrows(ConfigException.class,
        () -> Configs.configure(new KafkaSourceFactory(), Map.of("kafka.topics", "t")));
    assertThrows(ConfigException.class,
        () -> Configs.configure(new KafkaSourceFactory(), Map.of("kafka.bootstrap.servers", "b:1")));
  }

  @Test
  void sourceDefaultsAreFlumes() {
    KafkaSourceConfig c = Configs.configure(new KafkaSourceFactory(),
        Map.of("kafka.bootstrap.servers", "b:9092", "kafka.topics", "a, b"));
    assertEquals(List.of("a", "b"), c.topics());
    assertEquals(1000, c.batchSize());
    assertEquals(1000, c.batchDurationMillis());
    assertTrue(c.setTopicHeader());
    assertEquals("topic", c.topicHeader());
    assertEquals("flume", c.consumerProperties().get("group.id"));
    assertEquals("false", c.consumerProperties().get("enable.auto.commit"));
    assertEquals("earliest", c.consumerProperties().get("auto.offset.reset"));
    assertEquals(1000, c.consumerProperties().get("max.poll.records"), "one poll fills a batch of 1000");
    KafkaSourceConfig small = Configs.configure(new KafkaSourceFactory(),
        Map.of("kafka.bootstrap.servers", "b:9092", "kafka.topics", "a", "batchSize", "100"));
    assertNull(small.consumerProperties().get("max.poll.records"), "Kafka's 500 already fills a batch");
    KafkaSourceConfig set = Configs.configure(new KafkaSourceFactory(), Map.of("kafka.bootstrap.servers",
        "b:9092", "kafka.topics", "a", "batchSize", "5000", "kafka.consumer.max.poll.records", "200"));
    assertEquals("200", set.consumerProperties().get("max.poll.records"), "the operator's setting wins");
  }

  @Test
  void aChannelOnTheSameTopicAndGroupIsTheSameStorageForAReload() {
    KafkaChannelConfig before = Configs.configure(new KafkaChannelFactory(),
        Map.of("kafka.bootstrap.servers", "b:9092", "kafka.topic", "t"));
    KafkaChannelConfig slower = Configs.configure(new KafkaChannelFactory(),
        Map.of("kafka.bootstrap.servers", "b:9092", "kafka.topic", "t", "kafka.pollTimeout", "900"));
    KafkaChannelConfig otherGroup = Configs.configure(new KafkaChannelFactory(), Map.of(
        "kafka.bootstrap.servers", "b:9092", "kafka.topic", "t", "kafka.consumer.group.id", "g2"));
    assertEquals(before.storageLocations(), slower.storageLocations());
    assertTrue(before.storageLocations().stream().allMatch(l -> l.contains("b:9092") && l.contains("t")));
    assertTrue(java.util.Collections.disjoint(before.storageLocations(), otherGroup.storageLocations()));
  }

  @Test
  void sourceOldSpellingsRegexAndIgnoredKeys() {
    ConfigParser.Result r = Configs.parse(new KafkaSourceFactory(), Map.of("kafka.bootstrap.servers", "b:1",
        "kafka.topics.regex", "^logs-.*", "groupId", "old", "zookeeperConnect", "zk:2181",
        "kafka.consumer.auto.offset.reset", "latest"));
    assertTrue(r.ok(), () -> r.problems().toString());
    KafkaSourceConfig c = new KafkaSourceFactory().configure(r.values());
    assertEquals("^logs-.*", c.topicPattern().pattern());
    assertEquals("old", c.consumerProperties().get("group.id"));
    assertEquals("latest", c.consumerProperties().get("auto.offset.reset"));
  }

  @Test
  void channelDefaultsAreFlumes() {
    KafkaChannelConfig c = Configs.configure(new KafkaChannelFactory(), Map.of("kafka.bootstrap.servers", "b:9092"));
    assertEquals("flume-channel", c.topic());
    assertEquals("flume", c.groupId());
    assertTrue(c.parseAsFlumeEvent());
    assertEquals(500, c.pollTimeout().toMillis());
    assertNull(c.defaultPartitionId());
    assertNull(c.partitionIdHeader());
    assertEquals("all", c.producerProperties().get("acks"));
    assertEquals(65536, c.producerProperties().get("batch.size"), "Sluice's default, as the sink's");
    assertEquals("false", c.consumerProperties().get("enable.auto.commit"));
    assertEquals("earliest", c.consumerProperties().get("auto.offset.reset"));
  }

  @Test
  void channelOldSpellingsPassThroughAndIgnoredKeys() {
    ConfigParser.Result r = Configs.parse(new KafkaChannelFactory(), Map.ofEntries(Map.entry("brokerList", "b:1"),
        Map.entry("topic", "t"), Map.entry("groupId", "old"), Map.entry("readSmallestOffset", "false"),
        Map.entry("pollTimeout", "50"), Map.entry("migrateZookeeperOffsets", "true"),
        Map.entry("zookeeperConnect", "zk:2181"), Map.entry("capacity", "10000"),
        Map.entry("transactionCapacity", "1000"), Map.entry("kafka.producer.linger.ms", "3"),
        Map.entry("kafka.consumer.max.partition.fetch.bytes", "2097152"), Map.entry("defaultPartitionId", "2"),
        Map.entry("kafka.security.protocol", "SASL_SSL")));
    assertTrue(r.ok(), () -> r.problems().toString());
    KafkaChannelConfig c = new KafkaChannelFactory().configure(r.values());
    assertEquals("t", c.topic());
    assertEquals("old", c.groupId());
    assertEquals("latest", c.consumerProperties().get("auto.offset.reset"));
    assertEquals(50, c.pollTimeout().toMillis());
    assertEquals(2, c.defaultPartitionId());
    assertEquals("3", c.producerProperties().get("linger.ms"));
    assertEquals("2097152", c.consumerProperties().get("max.partition.fetch.bytes"));
    assertEquals("SASL_SSL", c.consumerProperties().get("security.protocol"));
    assertEquals("SASL_SSL", c.producerProperties().get("security.protocol"));
    assertEquals("b:1", c.producerProperties().get("bootstrap.servers"));
    ConfigParser.Result bad = Configs.parse(new KafkaChannelFactory(),
        Map.of("kafka.bootstrap.servers", "b:1", "parseAsFlumeEvent", "maybe"));
    assertEquals("parseAsFlumeEvent", bad.problems().get(0).key(), () -> bad.problems().toString());
  }

  @Test
  void batchesInFlightDefaultsToTwoAndOneIsFlumesOneAtATime() {
    Map<String, String> sink = Map.of("kafka.bootstrap.servers", "b:1");
    assertEquals(2, Configs.configure(new KafkaSinkFactory(), sink).batchesInFlight());
    assertEquals(1, Configs.configure(new KafkaSinkFactory(),
        Map.of("kafka.bootstrap.servers", "b:1", "batchesInFlight", "1")).batchesInFlight());
    ConfigParser.Result bad = Configs.parse(new KafkaSinkFactory(),
        Map.of("kafka.bootstrap.servers", "b:1", "batchesInFlight", "0"));
    assertEquals("batchesInFlight", bad.problems().get(0).key(), () -> bad.problems().toString());
  }

  @Test
  void tooLargeRecordsDefaultsToSkipAndStopIsFlumesRetry() {
    assertEquals(TooLargeRecords.SKIP, Configs.configure(new KafkaSinkFactory(),
        Map.of("kafka.bootstrap.servers", "b:1")).tooLargeRecords());
    assertEquals(TooLargeRecords.STOP, Configs.configure(new KafkaSinkFactory(),
        Map.of("kafka.bootstrap.servers", "b:1", "tooLargeRecords", "stop")).tooLargeRecords());
    ConfigParser.Result bad = Configs.parse(new KafkaSinkFactory(),
        Map.of("kafka.bootstrap.servers", "b:1", "tooLargeRecords", "drop"));
    assertEquals("tooLargeRecords", bad.problems().get(0).key(), () -> bad.problems().toString());
  }

  @Test
  void consumersDefaultsToFlumesOneAndEachOfSeveralGetsAClientIdOfItsOwn() {
    KafkaSourceConfig one = Configs.configure(new KafkaSourceFactory(),
        Map.of("kafka.bootstrap.servers", "b:1", "kafka.topics", "t", "kafka.consumer.client.id", "edge"));
    assertEquals(1, one.consumers());
    assertEquals("edge", one.consumerProperties(0).get("client.id"));
    KafkaSourceConfig two = Configs.configure(new KafkaSourceFactory(), Map.of("kafka.bootstrap.servers", "b:1",
        "kafka.topics", "t", "kafka.consumer.client.id", "edge", "consumers", "2"));
    assertEquals(2, two.consumers());
    assertEquals("edge-1", two.consumerProperties(0).get("client.id"));
    assertEquals("edge-2", two.consumerProperties(1).get("client.id"));
    assertEquals(two.consumerProperties().get("group.id"), two.consumerProperties(1).get("group.id"));
    KafkaSourceConfig unnamed = Configs.configure(new KafkaSourceFactory(),
        Map.of("kafka.bootstrap.servers", "b:1", "kafka.topics", "t", "consumers", "2"));
    assertNull(unnamed.consumerProperties(1).get("client.id"), "Kafka names each consumer itself");
    for (String bad : List.of("0", "17")) {
      ConfigParser.Result r = Configs.parse(new KafkaSourceFactory(),
          Map.of("kafka.bootstrap.servers", "b:1", "kafka.topics", "t", "consumers", bad));
      assertEquals("consumers", r.problems().get(0).key(), () -> r.problems().toString());
    }
  }

  @Test
  void offsetCommitIntervalMillisIsTheSourcesAndTheChannelsAndIsBounded() {
    Map<String, String> source = Map.of("kafka.bootstrap.servers", "b:1", "kafka.topics", "t");
    Map<String, String> channel = Map.of("kafka.bootstrap.servers", "b:1");
    assertEquals(Duration.ofMillis(100),
        Configs.configure(new KafkaSourceFactory(), source).offsetCommitInterval());
    assertEquals(Duration.ofMillis(100),
        Configs.configure(new KafkaChannelFactory(), channel).offsetCommitInterval());
    Map<String, String> set = new HashMap<>(source);
    set.put("offsetCommitIntervalMillis", "60000");
    assertEquals(Duration.ofMinutes(1), Configs.configure(new KafkaSourceFactory(), set).offsetCommitInterval());
    Map<String, String> setChannel = new HashMap<>(channel);
    setChannel.put("offsetCommitIntervalMillis", "0");
    assertEquals(Duration.ZERO,
        Configs.configure(new KafkaChannelFactory(), setChannel).offsetCommitInterval());
    for (String bad : List.of("-1", "60001", "soon")) {
      set.put("offsetCommitIntervalMillis", bad);
      ConfigParser.Result r = Configs.parse(new KafkaSourceFactory(), set);
      assertEquals("offsetCommitIntervalMillis", r.problems().get(0).key(), () -> r.problems().toString());
    }
  }

  @Test
  void undecodableRecordsIsSkipOrStopAndDefaultsToSkip() {
    Map<String, String> source = Map.of("kafka.bootstrap.servers", "b:1", "kafka.topics", "t");
    assertEquals(UndecodableRecords.SKIP,
        Configs.configure(new KafkaSourceFactory(), source).undecodableRecords());
    assertEquals(UndecodableRecords.SKIP, Configs.configure(new KafkaChannelFactory(),
        Map.of("kafka.bootstrap.servers", "b:1")).undecodableRecords());
    Map<String, String> stop = new HashMap<>(source);
    stop.put("undecodableRecords", "STOP");
    assertEquals(UndecodableRecords.STOP, Configs.configure(new KafkaSourceFactory(), stop).undecodableRecords());
    ConfigParser.Result bad = Configs.parse(new KafkaChannelFactory(),
        Map.of("kafka.bootstrap.servers", "b:1", "undecodableRecords", "halt"));
    assertEquals("undecodableRecords", bad.problems().get(0).key(), () -> bad.problems().toString());
    assertTrue(bad.problems().get(0).toString().contains("skip, stop"), () -> bad.problems().toString());
  }

  @Test
  void factoriesAreRegisteredUnderFlumesNames() {
    Map<String, String> byAlias = new HashMap<>();
    var it = ServiceLoader.load(ComponentFactory.class).iterator();
    while (it.hasNext()) {
      try {
        ComponentFactory<?> f = it.next();
        f.aliases().forEach(a -> byAlias.put(a, f.kind() + ":" + f.type()));
      } catch (java.util.ServiceConfigurationError other) {
        // another module's factory that cannot load here is not this test's business
      }
    }
    assertEquals("SINK:kafka", byAlias.get("org.apache.flume.sink.kafka.KafkaSink"));
    assertEquals("SOURCE:kafka", byAlias.get("org.apache.flume.source.kafka.KafkaSource"));
    assertEquals("CHANNEL:kafka", byAlias.get("org.apache.flume.channel.kafka.KafkaChannel"));
  }

  /** Every Kafka sink, source and channel in the corpus of real Flume configs is accepted as written. */
  @Test
  void flumeConfigsFromTheWildLoad() throws IOException {
    Path corpus = Path.of("../../shared/flume-configs");
    if (!Files.isDirectory(corpus)) {
      corpus = Path.of("../shared/flume-configs");
    }
    assumeTrue(Files.isDirectory(corpus), "the shared Flume config corpus is not beside the repository");
    int checked = 0;
    int channels = 0;
    try (Stream<Path> files = Files.list(corpus)) {
      for (Path f : files.filter(p -> p.toString().endsWith(".conf")).sorted().toList()) {
        Properties props = new Properties();
        try (Reader in = Files.newBufferedReader(f)) {
          props.load(in);
        } catch (IllegalArgumentException | IOException e) {
          continue;
        }
        checked += check(f, props, "sinks", "org.apache.flume.sink.kafka.KafkaSink", new KafkaSinkFactory());
        checked += check(f, props, "sources", "org.apache.flume.source.kafka.KafkaSource",
            new KafkaSourceFactory());
        channels += check(f, props, "channels", "org.apache.flume.channel.kafka.KafkaChannel",
            new KafkaChannelFactory());
      }
    }
    assertTrue(checked >= 10, "only " + checked + " Kafka sources and sinks found");
    assertTrue(channels >= 5, "only " + channels + " Kafka channels found");
  }

  private static int check(Path file, Properties props, String section, String className,
      ComponentFactory<?> factory) {
    int n = 0;
    for (String key : props.stringPropertyNames()) {
      String[] parts = key.split("\\.");
      String value = props.getProperty(key).trim();
      if (parts.length == 4 && parts[1].equals(section) && parts[3].equals("type")
          && (value.equals(className) || value.equals("kafka"))) {
        String prefix = parts[0] + "." + section + "." + parts[2] + ".";
        Map<String, String> raw = new HashMap<>();
        for (String k : props.stringPropertyNames()) {
          if (k.startsWith(prefix) && !k.equals(prefix + "type") && !k.equals(prefix + "channel")
              && !k.startsWith(prefix + "channels") && !k.startsWith(prefix + "interceptors")
              && !k.startsWith(prefix + "selector")) {
            raw.put(k.substring(prefix.length()), props.getProperty(k).trim());
          }
        }
        // a key of a modified Flume sink in one config; neither Flume 1.11 nor Sluice knows it
        raw.remove("custom.topic.name");
        ConfigParser.Result r = ConfigParser.parse(factory.configDef(), raw, prefix);
        assertTrue(r.ok(), () -> file.getFileName() + ": " + r.problems());
        if (raw.containsKey("kafka.bootstrap.servers") || raw.containsKey("brokerList")) {
          factory.configure(r.values());
        }
        n++;
      }
    }
    return n;
  }
}
