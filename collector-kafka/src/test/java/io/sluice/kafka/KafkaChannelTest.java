package io.sluice.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.ChannelException;
import io.sluice.api.Event;
import io.sluice.api.Transaction;
import io.sluice.api.spi.ComponentMetrics.DropReason;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.testutil.Configs;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Kafka channel against a real KRaft broker, driven through its transactions like a source and sink. */
@ExtendWith(KafkaBroker.class)
class KafkaChannelTest {
  private final KafkaChannelFactory factory = new KafkaChannelFactory();
  private final MetricsRegistry metrics = new MetricsRegistry();

  private KafkaChannel channel(String name, Map<String, String> raw) throws Exception {
    KafkaChannelConfig config = Configs.configure(factory, raw);
    KafkaChannel ch = new KafkaChannel(config, DefaultComponentContext.builder("a1", name, metrics.group(name)).build(),
        () -> new KafkaProducer<>(config.producerProperties()), () -> new KafkaConsumer<>(config.consumerProperties()));
    ch.start();
    return ch;
  }

  private static Map<String, String> raw(KafkaBroker kafka, String topic, String... more) {
    Map<String, String> raw = new HashMap<>();
    raw.put("kafka.bootstrap.servers", kafka.bootstrapServers());
    raw.put("kafka.topic", topic);
    raw.put("kafka.consumer.group.id", "g-" + topic);
    for (int i = 0; i < more.length; i += 2) {
      raw.put(more[i], more[i + 1]);
    }
    return raw;
  }

  private static Event event(int i) {
    Map<String, String> h = new HashMap<>();
    h.put("seq", Integer.toString(i));
    h.put("host", "web" + (i % 3));
    h.put("key", "k" + (i % 5));
    return Event.of(h, ("event " + i).getBytes(StandardCharsets.UTF_8));
  }

  private static void put(KafkaChannel ch, int from, int to) {
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      for (int i = from; i < to; i++) {
        tx.put(event(i));
      }
      tx.commit();
    }
  }

  /** Takes until {@code n} events arrived (each take waits up to pollTimeout) or 30 s passed. */
  static List<Event> takeUpTo(Transaction tx, int n) {
    List<Event> got = new ArrayList<>();
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (got.size() < n && System.nanoTime() < deadline) {
      got.addAll(tx.take(n - got.size()));
    }
    return got;
  }

  private static List<Event> takeAndCommit(KafkaChannel ch, int n) {
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      List<Event> got = takeUpTo(tx, n);
      tx.commit();
      return got;
    }
  }

  private static String body(Event e) {
    return new String(e.getBody(), StandardCharsets.UTF_8);
  }

  private static void assertSeq(List<Event> got, int from, int to) {
    assertEquals(to - from, got.size(), "events taken");
    for (int i = from; i < to; i++) {
      assertEquals("event " + i, body(got.get(i - from)));
    }
  }

  @Test
  void putsAreTakenWithTheirHeadersAsFlumeEventsOnTheTopic(KafkaBroker kafka) throws Exception {
    String topic = kafka.newTopic("channel-roundtrip", 1);
    KafkaChannel ch = channel("c1", raw(kafka, topic));
    try {
      put(ch, 0, 100);
      put(ch, 100, 250);
      List<Event> got = takeAndCommit(ch, 250);
      assertSeq(got, 0, 250);
      for (int i = 0; i < 250; i++) {
        assertEquals(event(i).getHeaders(), got.get(i).getHeaders(), "headers of event " + i);
      }
      try (Transaction tx = ch.getTransaction()) {
        tx.begin();
        assertNull(tx.take(), "nothing left once the take committed");
        tx.commit();
      }
    } finally {
      ch.stop();
    }
    // the topic holds Flume's own encoding, keyed by the key header, so a Flume agent can share it
    List<ConsumerRecord<String, byte[]>> records = kafka.readAll(topic, 250);
    assertEquals(250, records.size());
    assertArrayEquals(FlumeEventFormat.encode(event(7)), records.get(7).value());
    assertEquals("k2", records.get(7).key());
    assertEquals(250, metrics.value("c1", "EventPutSuccessCount"));
    assertEquals(250, metrics.value("c1", "EventTakeSuccessCount"));
  }

  @Test
  void aRolledBackTakeIsTakenAgainAndARestartResumesAtTheCommittedOffset(KafkaBroker kafka) throws Exception {
    String topic = kafka.newTopic("channel-rollback", 3);
    Map<String, String> raw = raw(kafka, topic, "defaultPartitionId", "1");
    KafkaChannel first = channel("c1", raw);
    try {
      put(first, 0, 60);
      assertSeq(takeAndCommit(first, 10), 0, 10);
      try (Transaction tx = first.getTransaction()) {
        tx.begin();
        assertSeq(takeUpTo(tx, 15), 10, 25);
        tx.rollback(); // the sink failed: the same events must come again
      }
      assertSeq(takeAndCommit(first, 20), 10, 30);
      try (Transaction tx = first.getTransaction()) {
        tx.begin();
        assertSeq(takeUpTo(tx, 5), 30, 35);
        // closed without commit: rolled back
      }
    } finally {
      first.stop();
    }
    // the consuming agent restarts: it resumes after the last committed take, nothing lost or repeated
    KafkaChannel second = channel("c2", raw);
    try {
      assertSeq(takeAndCommit(second, 30), 30, 60);
      try (Transaction tx = second.getTransaction()) {
        tx.begin();
        assertNull(tx.take());
        tx.commit();
      }
    } finally {
      second.stop();
    }
    assertTrue(kafka.readAll(topic, 60).stream().allMatch(r -> r.partition() == 1), "defaultPartitionId");
  }

  @Test
  void withoutParseAsFlumeEventOnlyBodiesTravel(KafkaBroker kafka) throws Exception {
    String topic = kafka.newTopic("channel-bodies", 1);
    KafkaChannel ch = channel("c1", raw(kafka, topic, "parseAsFlumeEvent", "false"));
    try {
      put(ch, 0, 20);
      List<Event> got = takeAndCommit(ch, 20);
      assertSeq(got, 0, 20);
      assertEquals(Map.of("key", "k3"), got.get(3).getHeaders(), "only the record key comes back");
    } finally {
      ch.stop();
    }
    List<ConsumerRecord<String, byte[]>> records = kafka.readAll(topic, 20);
    assertEquals("event 4", new String(records.get(4).value(), StandardCharsets.UTF_8));
  }

  @Test
  void aRecordThatIsNotAFlumeEventIsCountedAndSkipped(KafkaBroker kafka) throws Exception {
    String topic = kafka.newTopic("channel-garbage", 1);
    kafka.produce(topic, List.of(new ProducerRecord<>(topic, FlumeEventFormat.encode(event(0))),
        new ProducerRecord<>(topic, new byte[] {(byte) 0xff, 0x01}),
        new ProducerRecord<>(topic, FlumeEventFormat.encode(event(1)))));
    KafkaChannel ch = channel("c1", raw(kafka, topic));
    try {
      assertSeq(takeAndCommit(ch, 2), 0, 2);
      assertEquals(1, metrics.value("c1", "KafkaDecodeErrorCount"));
      assertEquals(1, metrics.group("c1").dropped(DropReason.UNDECODABLE).get(), "given up");
    } finally {
      ch.stop();
    }
  }

  @Test
  void withUndecodableRecordsStopABadRecordHaltsItsPartitionOnlyAndIsReportedOnce(KafkaBroker kafka)
      throws Exception {
    String topic = kafka.newTopic("channel-stop", 2);
    kafka.produce(topic, List.of(new ProducerRecord<>(topic, 0, null, FlumeEventFormat.encode(event(0))),
        new ProducerRecord<>(topic, 0, null, new byte[] {(byte) 0xff, 0x01}),
        new ProducerRecord<>(topic, 0, null, FlumeEventFormat.encode(event(1))),
        new ProducerRecord<>(topic, 1, null, FlumeEventFormat.encode(event(2))),
        new ProducerRecord<>(topic, 1, null, FlumeEventFormat.encode(event(3)))));
    Map<String, String> raw = raw(kafka, topic, "undecodableRecords", "stop");
    KafkaChannel ch = channel("c1", raw);
    try {
      try (Transaction tx = ch.getTransaction()) {
        tx.begin();
        assertEquals(List.of("event 0", "event 2", "event 3"), sortedBodies(takeUpTo(tx, 3)));
        tx.rollback(); // the sink failed: the same events come again, the bad record stops them again
      }
      assertEquals(List.of("event 0", "event 2", "event 3"), sortedBodies(takeAndCommit(ch, 3)));
      try (Transaction tx = ch.getTransaction()) {
        tx.begin();
        assertNull(tx.take(), "nothing after the bad record is taken");
        tx.commit();
      }
      assertEquals(1, metrics.value("c1", "KafkaDecodeErrorCount"), "reported and counted once");
      assertEquals(0, metrics.group("c1").dropped(DropReason.UNDECODABLE).get(), "kept, not lost");
    } finally {
      ch.stop();
    }
    // the operator chooses to skip it: the next agent goes on after it
    raw.put("undecodableRecords", "skip");
    KafkaChannel next = channel("c2", raw);
    try {
      assertEquals(List.of("event 1"), sortedBodies(takeAndCommit(next, 1)));
      assertEquals(1, metrics.value("c2", "KafkaDecodeErrorCount"));
    } finally {
      next.stop();
    }
  }

  private static List<String> sortedBodies(List<Event> events) {
    return events.stream().map(KafkaChannelTest::body).sorted().toList();
  }

  @Test
  void aPartitionHeaderThatIsNotANumberIsRefusedAtThePut(KafkaBroker kafka) throws Exception {
    String topic = kafka.newTopic("channel-badpartition", 1);
    KafkaChannel ch = channel("c1", raw(kafka, topic, "partitionIdHeader", "p"));
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      ChannelException e = assertThrows(ChannelException.class,
          () -> tx.put(Event.of(Map.of("p", "x1"), new byte[] {1})));
      assertTrue(e.getMessage().contains("channel c1") && e.getMessage().contains("'p'"), e.getMessage());
      tx.rollback();
    } finally {
      ch.stop();
    }
  }

  @Test
  void aPutKafkaRefusesAsTooLargeFailsTheCommitNamingWhatToRaiseAndIsNeverDropped(KafkaBroker kafka)
      throws Exception {
    String topic = kafka.newTopic("channel-too-large", 1);
    KafkaChannel ch = channel("c1", raw(kafka, topic, "kafka.producer.max.request.size", "4096"));
    try {
      try (Transaction tx = ch.getTransaction()) {
        tx.begin();
        tx.put(event(1));
        tx.put(Event.of(Map.of(), new byte[10_000]));
        ChannelException e = assertThrows(ChannelException.class, tx::commit);
        assertTrue(e.getMessage().contains("RecordTooLargeException")
            && e.getMessage().contains("kafka.producer.max.request.size"), e.getMessage());
        tx.rollback();
      }
      assertEquals(0, metrics.value("c1", "EventPutSuccessCount"), "the source keeps both events to send again");
    } finally {
      ch.stop();
    }
  }
}
