package io.sluice.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.api.EventDeliveryException;
import io.sluice.api.Status;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.testutil.Configs;
import io.sluice.core.testutil.ConcurrentSinkSteps;
import io.sluice.core.testutil.TestQueueChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.IntStream;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Kafka sink against a real KRaft broker. */
@ExtendWith(KafkaBroker.class)
class KafkaSinkTest {
  private final KafkaSinkFactory factory = new KafkaSinkFactory();
  private final MetricsRegistry metrics = new MetricsRegistry();

  private KafkaSink sink(TestQueueChannel channel, Map<String, String> raw) {
    KafkaSinkConfig config = Configs.configure(factory, raw);
    return new KafkaSink("k1", channel, config, () -> new KafkaProducer<>(config.producerProperties()),
        metrics.group("k1"));
  }

  private static List<Event> events(int n) {
    List<Event> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Event.of(Map.of("key", "k" + (i % 7)), Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  @Test
  void nEventsInTheChannelLandAsExactlyNRecords(KafkaBroker kafka) throws Exception {
    String topic = kafka.newTopic("sink-ledger", 3);
    TestQueueChannel channel = new TestQueueChannel("c1", 10_000);
    int n = 1_050;
    channel.putAllCommitted(events(n));
    KafkaSink sink = sink(channel, Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
        "kafka.topic", topic, "kafka.producer.acks", "all"));
    sink.start();
    try {
      int batches = 0;
      while (sink.process() == Status.READY) {
        batches++;
      }
      assertEquals(11, batches, "1050 events at flumeBatchSize 100");
    } finally {
      sink.stop();
    }
    assertEquals(0, channel.size());
    List<ConsumerRecord<String, byte[]>> records = kafka.readAll(topic, n);
    assertEquals(n, records.size(), "exactly N records, no loss and no duplicate");
    Set<Integer> bodies = new TreeSet<>();
    for (ConsumerRecord<String, byte[]> r : records) {
      int i = Integer.parseInt(new String(r.value(), StandardCharsets.UTF_8));
      bodies.add(i);
      assertEquals("k" + (i % 7), r.key(), "the key header becomes the record key");
    }
    assertEquals(n, bodies.size());
    assertEquals(n, metrics.value("k1", "EventDrainSuccessCount"));
  }

  @Test
  void twoBatchesInFlightLandEveryRecordOnceInTheChannelsOrder(KafkaBroker kafka) throws Exception {
    String topic = kafka.newTopic("sink-inflight", 1);
    TestQueueChannel channel = new TestQueueChannel("c1", 20_000);
    int n = 10_000;
    channel.putAllCommitted(events(n));
    KafkaSink sink = sink(channel, Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
        "kafka.topic", topic, "kafka.producer.acks", "all", "batchesInFlight", "2"));
    assertEquals(2, sink.parallelism());
    sink.start();
    try (ConcurrentSinkSteps runners = ConcurrentSinkSteps.start(sink, 2)) {
      assertEquals(100, runners.readySteps(Duration.ofSeconds(60)));
    } finally {
      sink.stop();
    }
    assertEquals(0, channel.size());
    List<ConsumerRecord<String, byte[]>> records = kafka.readAll(topic, n);
    List<Integer> order = records.stream()
        .map(r -> Integer.parseInt(new String(r.value(), StandardCharsets.UTF_8))).toList();
    assertEquals(IntStream.range(0, n).boxed().toList(), order,
        "one partition holds every event once, in the order the channel gave them");
    assertEquals(n, metrics.value("k1", "EventDrainSuccessCount"));
  }

  @Test
  void headersChooseTopicPartitionAndTimestampAndFlumeFormatKeepsHeaders(KafkaBroker kafka) throws Exception {
    String defaultTopic = kafka.newTopic("sink-default", 1);
    String other = kafka.newTopic("sink-other", 4);
    TestQueueChannel channel = new TestQueueChannel("c1", 100);
    Map<String, String> h = new HashMap<>();
    h.put("topic", other);
    h.put("p", "2");
    h.put("ts", "1234567");
    h.put("x", "y");
    channel.putAllCommitted(List.of(Event.of(h, "a".getBytes(StandardCharsets.UTF_8)),
        Event.of(Map.of("x", "z"), "b".getBytes(StandardCharsets.UTF_8))));
    KafkaSink sink = sink(channel, Map.of("brokerList", kafka.bootstrapServers(), "topic", defaultTopic,
        "partitionIdHeader", "p", "timestampHeader", "ts", "useFlumeEventFormat", "true"));
    sink.start();
    try {
      assertEquals(Status.READY, sink.process());
    } finally {
      sink.stop();
    }
    ConsumerRecord<String, byte[]> a = kafka.readAll(other, 1).get(0);
    assertEquals(2, a.partition());
    assertEquals(1234567L, a.timestamp());
    Event decoded = FlumeEventFormat.decode(a.value());
    assertEquals(h, decoded.getHeaders());
    assertEquals("a", new String(decoded.getBody(), StandardCharsets.UTF_8));
    ConsumerRecord<String, byte[]> b = kafka.readAll(defaultTopic, 1).get(0);
    assertEquals(Map.of("x", "z"), FlumeEventFormat.decode(b.value()).getHeaders());
  }

  @Test
  void headerEscapesInTheTopicChooseItPerEventAndAnIllegalResultIsSkippedAndCounted(KafkaBroker kafka)
      throws Exception {
    String a = kafka.newTopic("sink-escape", 1);
    String b = kafka.newTopic("sink-escape", 1);
    String stem = a.substring(0, a.lastIndexOf('-') + 1);
    TestQueueChannel channel = new TestQueueChannel("c1", 100);
    channel.putAllCommitted(List.of(
        Event.of(Map.of("n", a.substring(stem.length())), "1".getBytes(StandardCharsets.UTF_8)),
        Event.of(Map.of("n", b.substring(stem.length())), "2".getBytes(StandardCharsets.UTF_8)),
        Event.of(Map.of("n", "no/such topic"), "3".getBytes(StandardCharsets.UTF_8)),
        Event.of(Map.of("topic", b), "4".getBytes(StandardCharsets.UTF_8)),
        Event.of(Map.of("n", a.substring(stem.length())), "5".getBytes(StandardCharsets.UTF_8))));
    KafkaSink sink = sink(channel, Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
        "kafka.topic", stem + "%{n}"));
    sink.start();
    try {
      assertEquals(Status.READY, sink.process());
    } finally {
      sink.stop();
    }
    assertEquals(0, channel.size(), "the batch committed without the event it could not place");
    assertEquals(List.of("1", "5"), bodies(kafka.readAll(a, 2)));
    assertEquals(List.of("2", "4"), bodies(kafka.readAll(b, 2)), "the topic header still overrides");
    assertEquals(1, metrics.value("k1", "KafkaTopicErrorCount"));
  }

  @Test
  void withoutOverridesTheTopicHeaderIsIgnored(KafkaBroker kafka) throws Exception {
    String topic = kafka.newTopic("sink-nooverride", 1);
    TestQueueChannel channel = new TestQueueChannel("c1", 100);
    channel.putAllCommitted(List.of(Event.of(Map.of("topic", "elsewhere"), "1".getBytes(StandardCharsets.UTF_8))));
    KafkaSink sink = sink(channel, Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
        "kafka.topic", topic, "allowTopicOverride", "false"));
    sink.start();
    try {
      assertEquals(Status.READY, sink.process());
    } finally {
      sink.stop();
    }
    assertEquals(List.of("1"), bodies(kafka.readAll(topic, 1)));
  }

  private static List<String> bodies(List<ConsumerRecord<String, byte[]>> records) {
    return records.stream().map(r -> new String(r.value(), StandardCharsets.UTF_8)).toList();
  }

  @Test
  void aBatchKafkaDoesNotAcknowledgeIsRolledBack(KafkaBroker kafka) throws Exception {
    String topic = kafka.newTopic("sink-fail", 1);
    TestQueueChannel channel = new TestQueueChannel("c1", 1_000);
    channel.putAllCommitted(events(10));
    Map<String, String> h = new HashMap<>();
    h.put("p", "7"); // the topic has one partition: Kafka refuses this record
    channel.putAllCommitted(List.of(Event.of(h, "bad".getBytes(StandardCharsets.UTF_8))));
    KafkaSink sink = sink(channel, Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
        "kafka.topic", topic, "partitionIdHeader", "p", "kafka.producer.max.block.ms", "2000"));
    sink.start();
    try {
      assertThrows(EventDeliveryException.class, sink::process);
    } finally {
      sink.stop();
    }
    assertEquals(11, channel.size(), "the whole batch went back to the channel");
    assertEquals(1, channel.rollbacks());
    assertEquals(0, channel.commits());
  }

  private static Event body(String text) {
    return Event.of(Map.of(), text.getBytes(StandardCharsets.UTF_8));
  }

  @Test
  void anEventOverMaxRequestSizeIsSkippedAndCountedAndTheRestOfItsBatchLands(KafkaBroker kafka) throws Exception {
    String topic = kafka.newTopic("sink-too-large", 1);
    TestQueueChannel channel = new TestQueueChannel("c1", 100);
    channel.putAllCommitted(List.of(body("1"), body("x".repeat(10_000)), body("3")));
    KafkaSink sink = sink(channel, Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
        "kafka.topic", topic, "kafka.producer.max.request.size", "4096"));
    sink.start();
    try {
      assertEquals(Status.READY, sink.process());
    } finally {
      sink.stop();
    }
    assertEquals(0, channel.size(), "the batch committed without the event Kafka will never take");
    assertEquals(List.of("1", "3"), bodies(kafka.readAll(topic, 2)));
    assertEquals(1, metrics.value("k1", "KafkaRecordTooLargeCount"));
  }

  @Test
  void withTooLargeRecordsStopTheBatchIsRolledBackNamingWhatToRaise(KafkaBroker kafka) throws Exception {
    String topic = kafka.newTopic("sink-too-large-stop", 1);
    TestQueueChannel channel = new TestQueueChannel("c1", 100);
    channel.putAllCommitted(List.of(body("1"), body("x".repeat(10_000)), body("3")));
    KafkaSink sink = sink(channel, Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
        "kafka.topic", topic, "kafka.producer.max.request.size", "4096", "tooLargeRecords", "stop"));
    sink.start();
    EventDeliveryException e;
    try {
      e = assertThrows(EventDeliveryException.class, sink::process);
    } finally {
      sink.stop();
    }
    assertEquals(3, channel.size(), "the whole batch went back to the channel");
    assertEquals(1, channel.rollbacks());
    String message = e.getCause().getMessage();
    assertTrue(message.contains("RecordTooLargeException") && message.contains("kafka.producer.max.request.size")
        && message.contains("tooLargeRecords = skip"), message);
    assertEquals(0, metrics.value("k1", "KafkaRecordTooLargeCount"));
  }

  @Test
  void anEventOverTheTopicsMaxMessageBytesIsRefusedByTheBrokerAndSkipped(KafkaBroker kafka) throws Exception {
    String topic = kafka.newTopic("sink-too-large-topic", 1, Map.of("max.message.bytes", "4096"));
    TestQueueChannel channel = new TestQueueChannel("c1", 100);
    // the batch is over the topic's limit as a whole too: the producer splits it on the broker's
    // refusal until the big event is alone, and only that one is refused
    channel.putAllCommitted(List.of(body("a".repeat(1500)), body("b".repeat(1500)), body("x".repeat(10_000)),
        body("c".repeat(1500)), body("d".repeat(1500))));
    KafkaSink sink = sink(channel, Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
        "kafka.topic", topic));
    sink.start();
    try {
      assertEquals(Status.READY, sink.process());
    } finally {
      sink.stop();
    }
    assertEquals(0, channel.size());
    assertEquals(List.of("a", "b", "c", "d"), bodies(kafka.readAll(topic, 4)).stream().map(b -> b.substring(0, 1))
        .toList());
    assertEquals(1, metrics.value("k1", "KafkaRecordTooLargeCount"), "refused by the broker, not the client");
  }

  @Test
  void anUnreachableClusterRollsBackEveryBatch() throws Exception {
    TestQueueChannel channel = new TestQueueChannel("c1", 1_000);
    channel.putAllCommitted(events(5));
    KafkaSink sink = sink(channel, Map.of("kafka.bootstrap.servers", "127.0.0.1:1",
        "kafka.producer.max.block.ms", "500"));
    sink.start();
    try {
      assertThrows(EventDeliveryException.class, sink::process);
    } finally {
      sink.stop();
    }
    assertEquals(5, channel.size());
  }
}
