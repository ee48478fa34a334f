package io.sluice.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.testutil.Configs;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The source's offset commits, asynchronous after each channel commit: never ahead of the channel,
 * and a crash before an asynchronous commit lands re-delivers, never skips; what is unconfirmed at
 * stop is committed synchronously. A real KRaft broker; the "crash" is a consumer whose asynchronous
 * commits never leave the process, closed without the source's stop.
 */
@ExtendWith(KafkaBroker.class)
class KafkaSourceCommitTest {
  private static final int N = 300;
  private final MetricsRegistry metrics = new MetricsRegistry();

  /** Hands batches to {@code into}, first checking the group never committed past the batch's first record. */
  private static ChannelProcessor checking(KafkaBroker kafka, String group, TopicPartition tp, List<Event> into) {
    return new ChannelProcessor() {
      @Override
      public void processEvent(Event event) {
        processEventBatch(List.of(event));
      }

      @Override
      public void processEventBatch(List<Event> events) {
        long first = Long.parseLong(events.get(0).getHeaders().get("offset"));
        long committed = committed(kafka, group, tp);
        assertTrue(committed <= first, "offset " + committed + " committed before the channel took " + first);
        into.addAll(events);
      }
    };
  }

  private static long committed(KafkaBroker kafka, String group, TopicPartition tp) {
    try {
      return kafka.committed(group, tp);
    } catch (Exception e) {
      throw new AssertionError("reading the group's committed offset", e);
    }
  }

  /** A one-partition topic holding {@value #N} records, its group and a source config (batches of 100). */
  private record Topic(String group, TopicPartition partition, KafkaSourceConfig config) {}

  /** A source whose consumers {@code make} makes from its config, added to {@code made}. */
  private <C extends KafkaConsumer<String, byte[]>> KafkaSource sourceOf(String name, KafkaSourceConfig config,
      ChannelProcessor processor, Function<Map<String, Object>, C> make, List<C> made) {
    return new KafkaSource(name, config, processor, () -> {
      C c = make.apply(config.consumerProperties());
      made.add(c);
      return c;
    }, Clock.systemUTC(), metrics.group(name));
  }

  /** A new one-partition topic holding records {@code 0..records-1} (their bodies). */
  private static String topicWith(KafkaBroker kafka, String stem, int records) throws Exception {
    String topic = kafka.newTopic(stem, 1);
    List<ProducerRecord<String, byte[]>> batch = new ArrayList<>();
    for (int i = 0; i < records; i++) {
      batch.add(new ProducerRecord<>(topic, Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
    }
    kafka.produce(topic, batch);
    return topic;
  }

  private static Topic topicWithRecords(KafkaBroker kafka, String stem) throws Exception {
    String topic = topicWith(kafka, stem, N);
    String group = "g-" + topic;
    return new Topic(group, new TopicPartition(topic, 0), Configs.configure(new KafkaSourceFactory(),
        Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(), "kafka.topics", topic,
            "kafka.consumer.group.id", group, "batchSize", "100", "batchDurationMillis", "200")));
  }

  /** A source config reading {@code topic} as {@code group} in batches of 10, with {@code more} keys and values. */
  private static KafkaSourceConfig batchesOfTen(KafkaBroker kafka, String topic, String group, String... more) {
    Map<String, String> raw = new HashMap<>(Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
        "kafka.topics", topic, "kafka.consumer.group.id", group, "batchSize", "10"));
    for (int i = 0; i < more.length; i += 2) {
      raw.put(more[i], more[i + 1]);
    }
    return Configs.configure(new KafkaSourceFactory(), raw);
  }

  /** Idle passes of {@code source} until {@code group} committed {@code records} or 30 s passed. */
  private static void idleUntilCommitted(KafkaSource source, KafkaBroker kafka, String group, TopicPartition tp,
      int records) {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (committed(kafka, group, tp) < records && System.nanoTime() < deadline) {
      source.process();
    }
    assertEquals(records, committed(kafka, group, tp), "committed offset");
  }

  private static void processUntil(KafkaSource source, List<Event> got, int total) {
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (got.size() < total && System.nanoTime() < deadline) {
      source.process();
    }
    assertEquals(total, got.size());
  }

  @Test
  void aCrashBeforeTheAsynchronousCommitLandsRedeliversTheBatchNeverSkipsIt(KafkaBroker kafka) throws Exception {
    Topic t = topicWithRecords(kafka, "commit-crash");
    String group = t.group();
    TopicPartition tp = t.partition();
    KafkaSourceConfig config = t.config();
    List<LosingConsumer> made = new ArrayList<>();
    List<Event> first = new ArrayList<>();
    KafkaSource crashing = sourceOf("r1", config, checking(kafka, group, tp, first), LosingConsumer::new, made);
    crashing.start();
    processUntil(crashing, first, 100);
    // the first batch's commit is in Kafka (commitAsync sends it; the heartbeat thread's polls carry
    // it on) before the crash begins; no further batch is taken meanwhile
    await().atMost(Duration.ofSeconds(30)).until(() -> committed(kafka, group, tp) >= 100);
    made.get(0).lose.set(true);
    processUntil(crashing, first, N);
    // the process dies: the consumer goes away without the source's stop and commits nothing more
    made.get(0).dead.set(true);
    made.get(0).close(Duration.ZERO);
    // what Kafka had confirmed: at least the first batch, never the batches whose commits were lost
    int before = (int) committed(kafka, group, tp);
    assertEquals(100, before, "committed at the crash: the first batch, whose commit Kafka confirmed");

    List<Event> second = new ArrayList<>();
    KafkaSource next = new KafkaSource("r2", config, checking(kafka, group, tp, second),
        () -> new KafkaConsumer<>(config.consumerProperties()), Clock.systemUTC(), metrics.group("r2"));
    next.start();
    try {
      processUntil(next, second, N - before);
    } finally {
      next.stop();
    }
    assertEquals(before, Long.parseLong(second.get(0).getHeaders().get("offset")),
        "the next owner starts at the first record whose commit was lost");
    int[] seen = new int[N];
    for (Event e : first) {
      seen[Integer.parseInt(new String(e.getBody(), StandardCharsets.UTF_8))]++;
    }
    for (Event e : second) {
      seen[Integer.parseInt(new String(e.getBody(), StandardCharsets.UTF_8))]++;
    }
    for (int i = 0; i < N; i++) {
      assertEquals(i < before ? 1 : 2, seen[i], "record " + i);
    }
  }

  @Test
  void aFailedCommitIsSentAgainWhenNoRecordFollows(KafkaBroker kafka) throws Exception {
    Topic t = topicWithRecords(kafka, "commit-again");
    List<Event> got = new ArrayList<>();
    List<CountingConsumer> made = new ArrayList<>();
    KafkaSource source = sourceOf("r4", t.config(), checking(kafka, t.group(), t.partition(), got),
        CountingConsumer::new, made);
    source.start();
    try {
      made.get(0).fail.set(true); // every batch's commit fails: the topic then goes quiet
      processUntil(source, got, N);
      assertEquals(0, committed(kafka, t.group(), t.partition()), "no commit succeeded yet");
      made.get(0).fail.set(false);
      long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
      while (committed(kafka, t.group(), t.partition()) < N && System.nanoTime() < deadline) {
        source.process(); // idle passes: no record arrives
      }
      assertEquals(N, committed(kafka, t.group(), t.partition()), "the idle source committed every record");
      assertEquals(N, got.size(), "nothing consumed twice");
      assertTrue(metrics.value("r4", "KafkaCommitFailureCount") > 0, "the failures were counted");
    } finally {
      source.stop();
    }
  }

  @Test
  void atMostOneAsynchronousCommitAwaitsItsAnswerTheBatchesMeanwhileGoTogether(KafkaBroker kafka)
      throws Exception {
    int records = 2_000;
    String topic = topicWith(kafka, "commit-one", records);
    String group = "g-" + topic;
    TopicPartition tp = new TopicPartition(topic, 0);
    KafkaSourceConfig config = batchesOfTen(kafka, topic, group, "batchDurationMillis", "200");
    List<Event> got = new ArrayList<>();
    List<CountingConsumer> made = new ArrayList<>();
    KafkaSource source = sourceOf("r5", config, checking(kafka, group, tp, got), CountingConsumer::new, made);
    source.start();
    try {
      processUntil(source, got, records);
      idleUntilCommitted(source, kafka, group, tp, records);
      made.get(0).assertCoalesced(records / 10, "batches");
    } finally {
      source.stop();
    }
  }

  @Test
  void withACommitIntervalABusySourceHoldsItsCommitsAndItsFirstEmptyPollSendsThem(KafkaBroker kafka)
      throws Exception {
    int records = 2_000;
    String topic = topicWith(kafka, "commit-interval", records);
    String group = "g-" + topic;
    TopicPartition tp = new TopicPartition(topic, 0);
    // a long batch duration: no poll comes back empty while records are there
    KafkaSourceConfig config = batchesOfTen(kafka, topic, group, "batchDurationMillis", "5000",
        "offsetCommitIntervalMillis", "60000");
    List<Event> got = new ArrayList<>();
    List<CountingConsumer> made = new ArrayList<>();
    KafkaSource source = sourceOf("r6", config, checking(kafka, group, tp, got), CountingConsumer::new, made);
    source.start();
    try {
      processUntil(source, got, records);
      // 200 batches in the channel: the first one's commit went at once, the rest wait for the minute
      assertTrue(made.get(0).sent <= 2, "commits sent for 200 batches: " + made.get(0).sent);
      assertTrue(committed(kafka, group, tp) <= 10, "offsets committed while busy: " + committed(kafka, group, tp));
      // its poll finds nothing: what waited is sent, long before the minute
      idleUntilCommitted(source, kafka, group, tp, records);
      assertEquals(records, got.size(), "nothing consumed twice");
    } finally {
      source.stop();
    }
  }

  @Test
  void stopCommitsWhatTheAsynchronousCommitsHaveNotConfirmed(KafkaBroker kafka) throws Exception {
    Topic t = topicWithRecords(kafka, "commit-stop");
    List<Event> got = new ArrayList<>();
    List<LosingConsumer> made = new ArrayList<>();
    KafkaSource source = sourceOf("r3", t.config(), checking(kafka, t.group(), t.partition(), got),
        LosingConsumer::new, made);
    source.start();
    made.get(0).lose.set(true); // every asynchronous commit is still "in flight" at stop
    try {
      processUntil(source, got, N);
      assertEquals(0, committed(kafka, t.group(), t.partition()), "nothing committed yet");
    } finally {
      source.stop();
    }
    assertEquals(N, committed(kafka, t.group(), t.partition()), "stop committed every record in the channel");
  }
}
