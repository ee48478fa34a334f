package io.sluice.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.testutil.Configs;
import io.sluice.core.testutil.TestChannelProcessor;
import io.sluice.core.testutil.TestQueueChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * An exact ledger across consumer-group rebalances on a real broker: one Kafka source consumes a
 * topic as group G into a channel, a second source joins G mid-stream and later leaves it (stopped)
 * while records keep coming. Every record arrives; a duplicate is allowed only from a batch in flight
 * at a rebalance (its offsets could not be committed), and any is reported.
 */
@ExtendWith(KafkaBroker.class)
class KafkaSourceRebalanceTest {
  private static final int N = 9_000;
  private static final int BATCH = 200;
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private final MetricsRegistry metrics = new MetricsRegistry();
  private final TestQueueChannel channel = new TestQueueChannel("c1", 10L * N);
  private final int[] seen = new int[N];
  private int arrived;

  @Test
  void noRecordIsLostWhenASecondSourceJoinsAndLeavesTheGroupMidStream(KafkaBroker kafka) throws Exception {
    String topic = kafka.newTopic("source-rebalance", 6);
    Map<String, String> raw = Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
        "kafka.topics", topic, "kafka.consumer.group.id", "g-" + topic,
        "batchSize", Integer.toString(BATCH), "batchDurationMillis", "100");
    String group = "g-" + topic;
    produce(kafka, topic, 0, N / 4);
    Runner first = new Runner("r1", raw);
    first.start();
    await("r1 consumed part of the first quarter").atMost(DEADLINE).until(() -> first.ok() && ledger() >= N / 8);

    // r2 joins while r1 has the second quarter to consume: the rebalance hits r1 mid-stream
    Runner second = new Runner("r2", raw);
    second.start();
    produce(kafka, topic, N / 4, N / 2);
    try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
      await("both sources own partitions").atMost(DEADLINE)
          .until(() -> first.ok() && second.ok() && bothOwnPartitions(admin, group));
    }
    produce(kafka, topic, N / 2, 3 * N / 4);
    await("r2 delivered from its partitions").atMost(DEADLINE)
        .until(() -> first.ok() && second.ok() && second.delivered.get() >= BATCH);

    // r2 leaves with the last quarter still arriving: r1 takes its partitions from the committed offsets
    // (half of it produced after r2 left, so r1 has records of r2's partitions to deliver however fast r2 was)
    produce(kafka, topic, 3 * N / 4, 7 * N / 8);
    second.close();
    first.partitions.clear();
    produce(kafka, topic, 7 * N / 8, N);
    await("every record arrived").atMost(DEADLINE).until(() -> first.ok() && ledger() >= N);
    Set<String> takenOver = new TreeSet<>(first.partitions);
    takenOver.retainAll(second.partitions);
    // a few more batches' time: a record delivered twice would arrive now
    int emptyPolls = first.emptyPolls();
    await("r1 polled three more times").atMost(DEADLINE)
        .until(() -> first.ok() && first.emptyPolls() >= emptyPolls + 3);
    first.close();
    ledger();

    List<Integer> duplicates = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      for (int extra = 1; extra < seen[i]; extra++) {
        duplicates.add(i);
      }
    }
    System.out.printf("rebalance ledger: %d records, %d arrivals, %d duplicates %s; r1 delivered %d, r2 %d"
        + " (from partitions %s), r1 after r2 left from %s%n", N, arrived, duplicates.size(),
        duplicates.size() > 20 ? "" : duplicates, first.delivered.get(), second.delivered.get(),
        second.partitions, first.partitions);
    assertTrue(!takenOver.isEmpty(), "after r2 left, r1 delivered from none of r2's partitions"
        + second.partitions);
    assertEquals(List.of(), missing(), "records never delivered");
    // two rebalances, each may repeat at most the batch in flight whose commit it refused
    assertTrue(duplicates.size() <= 2 * BATCH, "duplicates beyond the batches in flight: " + duplicates.size());
    assertEquals(N + duplicates.size(), arrived);
  }

  private static boolean bothOwnPartitions(Admin admin, String group) throws Exception {
    ConsumerGroupDescription d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
    return d.members().size() == 2
        && d.members().stream().allMatch(m -> !m.assignment().topicPartitions().isEmpty());
  }

  private static void produce(KafkaBroker kafka, String topic, int from, int to) throws Exception {
    List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    for (int i = from; i < to; i++) {
      records.add(new ProducerRecord<>(topic, "k" + i, Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
    }
    kafka.produce(topic, records);
  }

  /** Moves what the channel holds into the ledger; returns the distinct records seen so far. */
  private int ledger() {
    for (Event e : channel.drain()) {
      seen[Integer.parseInt(new String(e.getBody(), StandardCharsets.UTF_8))]++;
      arrived++;
    }
    int distinct = 0;
    for (int n : seen) {
      distinct += n > 0 ? 1 : 0;
    }
    return distinct;
  }

  private List<Integer> missing() {
    List<Integer> out = new ArrayList<>();
    for (int i = 0; i < N; i++) {
      if (seen[i] == 0) {
        out.add(i);
      }
    }
    return out.size() > 20 ? out.subList(0, 20) : out;
  }

  /** A source driven by its own named thread, as the agent's runner drives it. */
  private final class Runner implements AutoCloseable {
    private final String name;
    private final KafkaSource source;
    private final Thread thread;
    private final AtomicInteger delivered = new AtomicInteger();
    /** The partitions this runner delivered records of. */
    private final Set<String> partitions = ConcurrentHashMap.newKeySet();
    private final AtomicReference<Throwable> failure = new AtomicReference<>();
    private volatile boolean running = true;

    Runner(String name, Map<String, String> raw) {
      this.name = name;
      KafkaSourceConfig config = Configs.configure(new KafkaSourceFactory(), raw);
      ChannelProcessor counting = new ChannelProcessor() {
        private final TestChannelProcessor real = new TestChannelProcessor(channel);

        @Override
        public void processEvent(Event event) {
          processEventBatch(List.of(event));
        }

        @Override
        public void processEventBatch(List<Event> events) {
          real.processEventBatch(events);
          delivered.addAndGet(events.size());
          events.forEach(e -> partitions.add(e.getHeaders().get("partition")));
        }
      };
      source = new KafkaSource(name, config, counting, () -> new KafkaConsumer<>(config.consumerProperties()),
          Clock.systemUTC(), metrics.group(name));
      thread = new Thread(this::run, name + "-runner");
    }

    void start() {
      source.start();
      thread.start();
    }

    private void run() {
      try {
        while (running) {
          source.process();
        }
      } catch (Throwable t) {
        failure.set(t);
      }
    }

    int emptyPolls() {
      return (int) metrics.value(name, "KafkaEmptyCount");
    }

    /** True while the runner has not failed; a failure fails the test at once. */
    boolean ok() {
      if (failure.get() != null) {
        throw new AssertionError(name + "'s runner failed", failure.get());
      }
      return true;
    }

    @Override
    public void close() throws InterruptedException {
      running = false;
      thread.join(DEADLINE.toMillis());
      source.stop();
      ok();
    }
  }
}
