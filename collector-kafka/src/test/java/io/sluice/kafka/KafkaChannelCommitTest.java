package io.sluice.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.api.Transaction;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.testutil.Configs;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The Kafka channel's take offsets: committed asynchronously after the take committed, one commit
 * awaiting its answer at a time, a failed one sent again at the next take, and what is unconfirmed
 * committed synchronously before a revocation and at stop, so a rebalance or a restart takes
 * nothing twice. A real KRaft broker.
 */
@ExtendWith(KafkaBroker.class)
class KafkaChannelCommitTest {
  private final MetricsRegistry metrics = new MetricsRegistry();

  /** A started channel whose consumers {@code make} makes, each added to {@code made}. */
  private <C extends KafkaConsumer<String, byte[]>> KafkaChannel channel(String name, KafkaBroker kafka,
      String topic, Function<Map<String, Object>, C> make, List<C> made, String... more) throws Exception {
    Map<String, String> raw = new HashMap<>(Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
        "kafka.topic", topic, "kafka.consumer.group.id", "g-" + topic));
    for (int i = 0; i < more.length; i += 2) {
      raw.put(more[i], more[i + 1]);
    }
    KafkaChannelConfig config = Configs.configure(new KafkaChannelFactory(), raw);
    KafkaChannel ch = new KafkaChannel(config, DefaultComponentContext.builder("a1", name, metrics.group(name)).build(),
        () -> new KafkaProducer<>(config.producerProperties()), () -> {
          C c = make.apply(config.consumerProperties());
          made.add(c);
          return c;
        });
    ch.start();
    return ch;
  }

  /** {@code n} Flume-encoded events with bodies {@code from..from+n-1}, spread over {@code partitions}. */
  private static void produce(KafkaBroker kafka, String topic, int partitions, int from, int n) throws Exception {
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    for (int i = from; i < from + n; i++) {
      Event e = Event.of(Map.of(), Integer.toString(i).getBytes(StandardCharsets.UTF_8));
      records.add(new ProducerRecord<>(topic, i % partitions, null, FlumeEventFormat.encode(e)));
    }
    kafka.produce(topic, records);
  }

  /** One take transaction of up to {@code max} events (each take waits up to pollTimeout), committed. */
  private static List<Integer> takeAndCommit(KafkaChannel ch, int max) {
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      List<Integer> got = new ArrayList<>();
      for (Event e : tx.take(max)) {
        got.add(Integer.parseInt(new String(e.getBody(), StandardCharsets.UTF_8)));
      }
      tx.commit();
      return got;
    }
  }

  /** Takes in transactions of {@code batch} until {@code total} events came or 60 s passed. */
  private static List<Integer> takeAll(KafkaChannel ch, int batch, int total) {
    List<Integer> got = new ArrayList<>();
    long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
    while (got.size() < total && System.nanoTime() < deadline) {
      got.addAll(takeAndCommit(ch, batch));
    }
    assertEquals(total, got.size(), "events taken");
    return got;
  }

  /** Empty take transactions until the group committed {@code offset} or 30 s passed. */
  private static void idleUntilCommitted(KafkaChannel ch, KafkaBroker kafka, String group, TopicPartition tp,
      long offset) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
    while (kafka.committed(group, tp) < offset && System.nanoTime() < deadline) {
      assertEquals(List.of(), takeAndCommit(ch, 10), "nothing more to take");
    }
    assertEquals(offset, kafka.committed(group, tp), "committed offset");
  }

  @Test
  void oneCommitAwaitsItsAnswerAtATimeAndTheTakesMeanwhileGoTogether(KafkaBroker kafka) throws Exception {
    String topic = kafka.newTopic("channel-commit-one", 1);
    int n = 2_000;
    produce(kafka, topic, 1, 0, n);
    List<CountingConsumer> made = new ArrayList<>();
    // a long poll: the commit in flight is answered inside the empty take's poll, whatever the load
    KafkaChannel ch = channel("c1", kafka, topic, CountingConsumer::new, made, "pollTimeout", "3000");
    try {
      List<Integer> got = takeAll(ch, 10, n);
      assertEquals(n, got.stream().distinct().count(), "each event once");
      // the last takes' offsets waited for the commit in flight: one empty take sends them, so a
      // sink that then backs off on the dry channel does not keep Kafka's offsets behind
      assertEquals(List.of(), takeAndCommit(ch, 10), "nothing more to take");
      TopicPartition tp = new TopicPartition(topic, 0);
      await().atMost(Duration.ofSeconds(30)).until(() -> kafka.committed("g-" + topic, tp) == n);
      made.get(0).assertCoalesced(n / 10, "take transactions");
    } finally {
      ch.stop();
    }
  }

  @Test
  void withACommitIntervalBusyTakesHoldTheirCommitsAndTheFirstEmptyTakeSendsThem(KafkaBroker kafka)
      throws Exception {
    String topic = kafka.newTopic("channel-commit-interval", 1);
    int n = 2_000;
    produce(kafka, topic, 1, 0, n);
    List<CountingConsumer> made = new ArrayList<>();
    KafkaChannel ch = channel("c5", kafka, topic, CountingConsumer::new, made, "pollTimeout", "3000",
        "offsetCommitIntervalMillis", "60000");
    TopicPartition tp = new TopicPartition(topic, 0);
    try {
      List<Integer> got = takeAll(ch, 10, n);
      assertEquals(n, got.stream().distinct().count(), "each event once");
      // 200 take transactions: the first one's commit went at once, the rest wait for the minute
      assertTrue(made.get(0).sent <= 2, "commits sent for 200 take transactions: " + made.get(0).sent);
      assertTrue(kafka.committed("g-" + topic, tp) <= 10, "offsets committed while busy");
      // an empty take's poll finds nothing: what waited is sent, long before the minute
      assertEquals(List.of(), takeAndCommit(ch, 10), "nothing more to take");
      await().atMost(Duration.ofSeconds(30)).until(() -> kafka.committed("g-" + topic, tp) == n);
    } finally {
      ch.stop();
    }
  }

  @Test
  void aFailedCommitIsSentAgainAtTheNextTakeWhenNothingFollows(KafkaBroker kafka) throws Exception {
    String topic = kafka.newTopic("channel-commit-again", 1);
    produce(kafka, topic, 1, 0, 300);
    List<CountingConsumer> made = new ArrayList<>();
    KafkaChannel ch = channel("c2", kafka, topic, props -> {
      CountingConsumer c = new CountingConsumer(props);
      c.fail.set(true); // every take's commit fails: the topic then goes quiet
      return c;
    }, made);
    TopicPartition tp = new TopicPartition(topic, 0);
    try {
      takeAll(ch, 100, 300);
      assertEquals(0, kafka.committed("g-" + topic, tp), "no commit succeeded yet");
      made.get(0).fail.set(false);
      idleUntilCommitted(ch, kafka, "g-" + topic, tp, 300);
      assertTrue(metrics.value("c2", "KafkaCommitFailureCount") > 0, "the failures were counted");
    } finally {
      ch.stop();
    }
  }

  @Test
  void stopCommitsWhatIsUnconfirmedSoARestartTakesNothingTwice(KafkaBroker kafka) throws Exception {
    String topic = kafka.newTopic("channel-commit-stop", 1);
    produce(kafka, topic, 1, 0, 300);
    List<LosingConsumer> made = new ArrayList<>();
    KafkaChannel ch = channel("c3", kafka, topic, LosingConsumer::new, made);
    TopicPartition tp = new TopicPartition(topic, 0);
    try {
      takeAndCommit(ch, 1);
      made.get(0).lose.set(true); // every asynchronous commit from now on is still "in flight" at stop
      takeAll(ch, 100, 299);
      assertTrue(kafka.committed("g-" + topic, tp) <= 1, "nothing after the first take committed yet");
    } finally {
      ch.stop();
    }
    assertEquals(300, kafka.committed("g-" + topic, tp), "stop committed every take");
    produce(kafka, topic, 1, 300, 10);
    KafkaChannel next = channel("c4", kafka, topic, KafkaConsumer::new, new ArrayList<>());
    try {
      assertEquals(List.of(300, 301, 302, 303, 304, 305, 306, 307, 308, 309), takeAll(next, 10, 10),
          "the restarted channel resumes after the last take");
    } finally {
      next.stop();
    }
  }

  @Test
  void aRevocationCommitsTheUnconfirmedTakesSoTheNewOwnerTakesNothingTwice(KafkaBroker kafka) throws Exception {
    String topic = kafka.newTopic("channel-commit-revoke", 2);
    int n = 400;
    int more = 400;
    produce(kafka, topic, 2, 0, n);
    List<LosingConsumer> made = new ArrayList<>();
    KafkaChannel first = channel("c5", kafka, topic, LosingConsumer::new, made);
    List<KafkaConsumer<String, byte[]>> secondMade = new ArrayList<>();
    KafkaChannel second = channel("c6", kafka, topic, KafkaConsumer::new, secondMade);
    ConcurrentLinkedQueue<Integer> firstTook = new ConcurrentLinkedQueue<>();
    ConcurrentLinkedQueue<Integer> secondTook = new ConcurrentLinkedQueue<>();
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService runner = Executors.newSingleThreadExecutor(r -> new Thread(r, "c5-sink"));
    try {
      Future<?> firstSink = runner.submit(() -> {
        firstTook.addAll(takeAndCommit(first, 100));
        made.get(0).lose.set(true); // its asynchronous commits never land: only the revocation's can
        while (!done.get()) {
          firstTook.addAll(takeAndCommit(first, 100));
        }
      });
      await().atMost(Duration.ofSeconds(60)).until(() -> firstTook.size() >= n);
      assertEquals(n, firstTook.size(), "the first member took everything");
      // a second member joins: the first gives up partitions, committing what it took of them; the
      // second starts at those offsets (it would take the first's events again were they not committed)
      long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
      do {
        secondTook.addAll(takeAndCommit(second, 100));
      } while (secondMade.get(0).assignment().isEmpty() && System.nanoTime() < deadline);
      assertEquals(1, secondMade.get(0).assignment().size(), "the second member owns a partition");
      produce(kafka, topic, 2, n, more);
      while (firstTook.size() + secondTook.size() < n + more && System.nanoTime() < deadline) {
        secondTook.addAll(takeAndCommit(second, 100));
      }
      done.set(true);
      firstSink.get();
      List<Integer> all = new ArrayList<>(firstTook);
      all.addAll(secondTook);
      assertEquals(n + more, all.size(), "events taken by both members");
      assertEquals(n + more, all.stream().distinct().count(), "each event once");
      assertTrue(secondTook.size() > 0, "the second member took the new events of its partition");
    } finally {
      done.set(true);
      runner.shutdown();
      first.stop();
      second.stop();
    }
  }
}
