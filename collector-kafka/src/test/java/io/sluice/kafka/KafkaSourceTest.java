package io.sluice.kafka;

import static io.sluice.kafka.SourceSteps.drainUntil;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.ChannelException;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.Status;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.testutil.Configs;
import io.sluice.core.testutil.TestChannelProcessor;
import io.sluice.core.testutil.TestQueueChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The Kafka source against a real KRaft broker; process() is stepped by the test like a runner. */
@ExtendWith(KafkaBroker.class)
class KafkaSourceTest {
  private final KafkaSourceFactory factory = new KafkaSourceFactory();
  private final MetricsRegistry metrics = new MetricsRegistry();

  private KafkaSource source(String name, ChannelProcessor processor, Map<String, String> raw) {
    KafkaSourceConfig config = Configs.configure(factory, raw);
    return new KafkaSource(name, config, processor, () -> new KafkaConsumer<>(config.consumerProperties()),
        Clock.systemUTC(), metrics.group(name));
  }

  private static List<ProducerRecord<String, byte[]>> numbered(String topic, int n) {
    List<ProducerRecord<String, byte[]>> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(new ProducerRecord<>(topic, "k" + i, Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  /** Counts each body; any duplicate or gap shows up in the ledger. */
  private static int[] ledger(List<Event> events, int n) {
    int[] seen = new int[n];
    for (Event e : events) {
      seen[Integer.parseInt(new String(e.getBody(), StandardCharsets.UTF_8))]++;
    }
    return seen;
  }

  @Test
  void nRecordsAreDeliveredExactlyOnceAcrossARestartAndARefusedBatch(KafkaBroker kafka) throws Exception {
    String topic = kafka.newTopic("source-ledger", 3);
    int n = 3_000;
    kafka.produce(topic, numbered(topic, n));
    TestQueueChannel channel = new TestQueueChannel("c1", 100_000);
    AtomicInteger refusals = new AtomicInteger(1);
    ChannelProcessor flaky = new ChannelProcessor() {
      private final TestChannelProcessor real = new TestChannelProcessor(channel);

      @Override
      public void processEvent(Event event) {
        processEventBatch(List.of(event));
      }

      @Override
      public void processEventBatch(List<Event> events) {
        if (refusals.getAndDecrement() > 0) {
          throw new ChannelException("channel c1 is full (test)");
        }
        real.processEventBatch(events);
      }
    };
    Map<String, String> raw = Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
        "kafka.topics", topic, "kafka.consumer.group.id", "g-" + topic, "batchSize", "400",
        "batchDurationMillis", "300");
    List<Event> got = new ArrayList<>();
    KafkaSource first = source("r1", flaky, raw);
    first.start();
    try {
      assertEquals(Status.BACKOFF, first.process(), "the refused batch backs off");
      assertEquals(0, channel.size());
      drainUntil(first, channel, got, 1_000);
    } finally {
      first.stop();
    }
    assertTrue(got.size() >= 1_000 && got.size() < n, "stopped mid-stream: " + got.size());
    KafkaSource second = source("r2", new TestChannelProcessor(channel), raw);
    second.start();
    try {
      drainUntil(second, channel, got, n);
      // a few more steps: anything delivered twice would arrive now
      for (int i = 0; i < 3; i++) {
        second.process();
        got.addAll(channel.drain());
      }
    } finally {
      second.stop();
    }
    int[] seen = ledger(got, n);
    for (int i = 0; i < n; i++) {
      assertEquals(1, seen[i], "record " + i + " delivered " + seen[i] + " times");
    }
    Event any = got.get(0);
    assertEquals(topic, any.getHeaders().get("topic"));
    assertEquals("k" + new String(any.getBody(), StandardCharsets.UTF_8), any.getHeaders().get("key"));
    assertTrue(any.getHeaders().containsKey("partition"));
    assertTrue(any.getHeaders().containsKey("offset"));
    assertTrue(any.getHeaders().containsKey("timestamp"));
  }

  @Test
  void aRecordThatIsNotAnAvroFlumeEventIsReportedOnceCountedAndSkipped(KafkaBroker kafka) throws Exception {
    String topic = kafka.newTopic("source-avro", 1);
    Map<String, String> h = new HashMap<>();
    h.put("host", "web1");
    h.put("topic", "original");
    kafka.produce(topic, List.of(
        new ProducerRecord<>(topic, FlumeEventFormat.encode(Event.of(h, "0".getBytes(StandardCharsets.UTF_8)))),
        new ProducerRecord<>(topic, new byte[] {(byte) 0xff, 0x01, 0x02}),
        new ProducerRecord<>(topic, FlumeEventFormat.encode(Event.of(Map.of(), "1".getBytes(StandardCharsets.UTF_8))))));
    TestQueueChannel channel = new TestQueueChannel("c1", 100);
    Map<String, String> raw = Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
        "kafka.topics", topic, "groupId", "g-" + topic, "useFlumeEventFormat", "true",
        "batchDurationMillis", "200");
    List<Event> got = new ArrayList<>();
    KafkaSource source = source("r1", new TestChannelProcessor(channel), raw);
    source.start();
    try {
      drainUntil(source, channel, got, 2);
    } finally {
      source.stop();
    }
    assertEquals(2, got.size());
    assertEquals("web1", got.get(0).getHeaders().get("host"));
    assertEquals("original", got.get(0).getHeaders().get("topic"), "an event's own topic header stays");
    assertEquals("0", got.get(0).getHeaders().get("offset"));
    assertEquals("2", got.get(1).getHeaders().get("offset"));
    assertEquals(1, metrics.value("r1", "KafkaDecodeErrorCount"));
    // the bad record's offset was committed with its batch: a restart does not report it again
    KafkaSource again = source("r2", new TestChannelProcessor(channel), raw);
    again.start();
    try {
      assertEquals(Status.BACKOFF, again.process());
    } finally {
      again.stop();
    }
    assertEquals(0, metrics.value("r2", "KafkaDecodeErrorCount"));
    assertEquals(0, channel.size());
  }

  @Test
  void withUndecodableRecordsStopABadRecordHaltsItsPartitionOnlyAndIsReportedOnce(KafkaBroker kafka)
      throws Exception {
    String topic = kafka.newTopic("source-stop", 2);
    byte[] garbage = {(byte) 0xff, 0x01, 0x02};
    kafka.produce(topic, List.of(flumeRecord(topic, 0, 0), new ProducerRecord<>(topic, 0, null, garbage),
        flumeRecord(topic, 0, 1), flumeRecord(topic, 1, 10), flumeRecord(topic, 1, 11)));
    TestQueueChannel channel = new TestQueueChannel("c1", 100);
    AtomicInteger refusals = new AtomicInteger();
    ChannelProcessor refusing = new ChannelProcessor() {
      private final TestChannelProcessor real = new TestChannelProcessor(channel);

      @Override
      public void processEvent(Event event) {
        processEventBatch(List.of(event));
      }

      @Override
      public void processEventBatch(List<Event> events) {
        if (refusals.getAndDecrement() > 0) {
          throw new ChannelException("channel c1 is full (test)");
        }
        real.processEventBatch(events);
      }
    };
    Map<String, String> raw = Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
        "kafka.topics", topic, "kafka.consumer.group.id", "g-" + topic, "useFlumeEventFormat", "true",
        "undecodableRecords", "stop", "batchDurationMillis", "200");
    List<Event> got = new ArrayList<>();
    KafkaSource source = source("r1", refusing, raw);
    source.start();
    try {
      drainUntil(source, channel, got, 3);
      assertEquals(List.of("0", "10", "11"), bodies(got), "partition 1 goes on; partition 0 stops at offset 1");
      // more records behind the bad one stay behind it; a refused batch rewinds and halts there again
      kafka.produce(topic, List.of(flumeRecord(topic, 0, 2), flumeRecord(topic, 1, 12)));
      refusals.set(1);
      drainUntil(source, channel, got, 4);
      for (int i = 0; i < 3; i++) {
        source.process();
        got.addAll(channel.drain());
      }
    } finally {
      source.stop();
    }
    assertEquals(List.of("0", "10", "11", "12"), bodies(got));
    assertTrue(refusals.get() < 0, "the refused batch was retried");
    assertEquals(1, metrics.value("r1", "KafkaDecodeErrorCount"), "reported and counted once");
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(
        Configs.configure(factory, raw).consumerProperties())) {
      TopicPartition p0 = new TopicPartition(topic, 0);
      assertEquals(1, c.committed(Set.of(p0)).get(p0).offset(), "committed up to the bad record, not past it");
    }
    // the operator chooses to skip it: the next agent goes on after it
    Map<String, String> skip = new HashMap<>(raw);
    skip.put("undecodableRecords", "skip");
    KafkaSource again = source("r2", new TestChannelProcessor(channel), skip);
    again.start();
    try {
      drainUntil(again, channel, got, 6);
    } finally {
      again.stop();
    }
    assertEquals(List.of("0", "1", "10", "11", "12", "2"), bodies(got));
    assertEquals(1, metrics.value("r2", "KafkaDecodeErrorCount"));
  }

  private static ProducerRecord<String, byte[]> flumeRecord(String topic, int partition, int i) {
    return new ProducerRecord<>(topic, partition, null,
        FlumeEventFormat.encode(Event.of(Map.of(), Integer.toString(i).getBytes(StandardCharsets.UTF_8))));
  }

  /** The bodies in sorted order: partitions interleave in any order. */
  private static List<String> bodies(List<Event> events) {
    return events.stream().map(e -> new String(e.getBody(), StandardCharsets.UTF_8)).sorted().toList();
  }
}
