package io.sluice.kafka;

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
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
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

  /**
   * A real consumer that, once {@code lose} is set, drops asynchronous commits as a dying process
   * would; once {@code dead} is set, synchronous ones too (the revocation at close commits nothing).
   */
  private static final class LosingConsumer extends KafkaConsumer<String, byte[]> {
    final AtomicBoolean lose = new AtomicBoolean();
    final AtomicBoolean dead = new AtomicBoolean();

    LosingConsumer(Map<String, Object> props) {
      super(props);
    }

    @Override
    public void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
      if (!lose.get()) {
        super.commitAsync(offsets, callback);
      }
    }

    @Override
    public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
      if (!dead.get()) {
        super.commitSync(offsets, timeout);
      }
    }
  }

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
    Map<String, Object> props = new java.util.HashMap<>(kafka.clientProperties());
    props.put("group.id", group);
    props.put("key.deserializer", "org.apache.kafka.common.serialization.StringDeserializer");
    props.put("value.deserializer", "org.apache.kafka.common.serialization.ByteArrayDeserializer");
    try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(props)) {
      OffsetAndMetadata o = c.committed(Set.of(tp), Duration.ofSeconds(10)).get(tp);
      return o == null ? 0 : o.offset();
    }
  }

  /** A one-partition topic holding {@value #N} records, its group and a source config (batches of 100). */
  private record Topic(String group, TopicPartition partition, KafkaSourceConfig config) {}

  /** A source whose consumers are {@link LosingConsumer}s, added to {@code made}. */
  private KafkaSource losing(String name, KafkaSourceConfig config, ChannelProcessor processor,
      List<LosingConsumer> made) {
    return new KafkaSource(name, config, processor, () -> {
      LosingConsumer c = new LosingConsumer(config.consumerProperties());
      made.add(c);
      return c;
    }, Clock.systemUTC(), metrics.group(name));
  }

  private static Topic topicWithRecords(KafkaBroker kafka, String stem) throws Exception {
    String topic = kafka.newTopic(stem, 1);
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      records.add(new ProducerRecord<>(topic, Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
    }
    kafka.produce(topic, records);
    String group = "g-" + topic;
    return new Topic(group, new TopicPartition(topic, 0), Configs.configure(new KafkaSourceFactory(),
        Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(), "kafka.topics", topic,
            "kafka.consumer.group.id", group, "batchSize", "100", "batchDurationMillis", "200")));
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
    KafkaSource crashing = losing("r1", config, checking(kafka, group, tp, first), made);
    crashing.start();
    processUntil(crashing, first, 100);
    // the first batch's commit is in Kafka (a later poll completes it) before the crash begins
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (committed(kafka, group, tp) < 100 && System.nanoTime() < deadline) {
      crashing.process();
    }
    int before = first.size();
    made.get(0).lose.set(true);
    processUntil(crashing, first, N);
    // the process dies: the consumer goes away without the source's stop and commits nothing more
    made.get(0).dead.set(true);
    made.get(0).close(Duration.ZERO);
    long committedAtCrash = committed(kafka, group, tp);
    assertEquals(before, committedAtCrash, "committed at the crash: what Kafka had confirmed");

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
  void stopCommitsWhatTheAsynchronousCommitsHaveNotConfirmed(KafkaBroker kafka) throws Exception {
    Topic t = topicWithRecords(kafka, "commit-stop");
    List<Event> got = new ArrayList<>();
    List<LosingConsumer> made = new ArrayList<>();
    KafkaSource source = losing("r3", t.config(), checking(kafka, t.group(), t.partition(), got), made);
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
