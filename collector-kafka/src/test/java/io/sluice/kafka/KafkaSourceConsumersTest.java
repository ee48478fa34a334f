package io.sluice.kafka;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.PollableSource;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runner.PollableSourceRunner;
import io.sluice.core.runtime.NamedThreadFactory;
import io.sluice.core.testutil.Configs;
import io.sluice.core.testutil.TestChannelProcessor;
import io.sluice.core.testutil.TestQueueChannel;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.ConsumerGroupDescription;
import org.apache.kafka.clients.admin.MemberDescription;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.GroupIdNotFoundException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code consumers = 2}: two members of the group, each stepped by a runner of its own, on a real broker. */
@ExtendWith(KafkaBroker.class)
class KafkaSourceConsumersTest {
  private static final int N = 4_000;
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private final KafkaSourceFactory factory = new KafkaSourceFactory();
  private final MetricsRegistry metrics = new MetricsRegistry();
  private final TestQueueChannel channel = new TestQueueChannel("c1", 10L * N);

  /**
   * Holds the first batch until a batch from another thread is in the channel (or 30 s pass):
   * with one runner stepping both consumers in turn that never happens.
   */
  private final class OneWaitsForTheOther implements ChannelProcessor {
    private final ChannelProcessor real = new TestChannelProcessor(channel);
    private final AtomicBoolean first = new AtomicBoolean(true);
    private final CountDownLatch otherPut = new CountDownLatch(1);
    private final Set<String> threads = ConcurrentHashMap.newKeySet();
    private volatile Thread held;
    private volatile boolean overlapped;

    @Override
    public void processEvent(Event event) {
      processEventBatch(List.of(event));
    }

    @Override
    public void processEventBatch(List<Event> events) {
      threads.add(Thread.currentThread().getName());
      if (first.compareAndSet(true, false)) {
        held = Thread.currentThread();
        try {
          overlapped = otherPut.await(30, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      } else if (held != null && held != Thread.currentThread()) {
        real.processEventBatch(events);
        otherPut.countDown();
        return;
      }
      real.processEventBatch(events);
    }
  }

  @Test
  void twoConsumersPutSideBySideAndEveryPartitionArrivesOnceInOrder(KafkaBroker kafka) throws Exception {
    String topic = kafka.newTopic("source-consumers", 4);
    String group = "g-" + topic;
    Map<String, String> raw = Map.of("kafka.bootstrap.servers", kafka.bootstrapServers(),
        "kafka.topics", topic, "kafka.consumer.group.id", group, "batchSize", "100",
        "batchDurationMillis", "100", "consumers", "2", "kafka.consumer.client.id", "edge");
    KafkaSourceConfig config = Configs.configure(factory, raw);
    OneWaitsForTheOther processor = new OneWaitsForTheOther();
    KafkaSource source = new KafkaSource("r1", config, processor,
        lane -> new KafkaConsumer<>(config.consumerProperties(lane)), Clock.systemUTC(), metrics.group("r1"));
    source.start();
    List<? extends PollableSource> lanes = source.lanes();
    assertEquals(2, lanes.size());
    NamedThreadFactory threads = new NamedThreadFactory("a1-r1-runner");
    List<PollableSourceRunner> runners = new ArrayList<>();
    for (int i = 0; i < lanes.size(); i++) {
      runners.add(new PollableSourceRunner("r1 lane " + (i + 1), lanes.get(i), threads));
    }
    List<Event> got = new ArrayList<>();
    try {
      runners.forEach(PollableSourceRunner::start);
      try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
        await("both consumers own partitions").atMost(DEADLINE).until(() -> clientIdsOwningPartitions(admin, group),
            ids -> ids.equals(new TreeSet<>(List.of("edge-1", "edge-2"))));
      }
      List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
      for (int i = 0; i < N; i++) {
        records.add(new ProducerRecord<>(topic, i % 4, "k" + i, Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
      }
      kafka.produce(topic, records);
      await("every record arrived").atMost(DEADLINE).until(() -> {
        got.addAll(channel.drain());
        return got.size() >= N;
      });
    } finally {
      runners.forEach(PollableSourceRunner::stop);
      source.stop();
    }
    got.addAll(channel.drain());

    assertTrue(processor.overlapped, "no batch from the other consumer arrived while one waited on its put");
    assertEquals(2, processor.threads.size(), "runner threads that put: " + processor.threads);
    int[] seen = new int[N];
    Map<String, List<Long>> offsetsByPartition = new HashMap<>();
    for (Event e : got) {
      seen[Integer.parseInt(new String(e.getBody(), StandardCharsets.UTF_8))]++;
      offsetsByPartition.computeIfAbsent(e.getHeaders().get("partition"), p -> new ArrayList<>())
          .add(Long.parseLong(e.getHeaders().get("offset")));
    }
    for (int i = 0; i < N; i++) {
      assertEquals(1, seen[i], "record " + i + " delivered " + seen[i] + " times");
    }
    assertEquals(4, offsetsByPartition.size());
    for (int p = 0; p < 4; p++) {
      // each consumer's last offsets are committed before either leaves the group
      assertEquals(N / 4, kafka.committed(group, new TopicPartition(topic, p)), "committed offset of partition " + p);
    }
    offsetsByPartition.forEach((p, offsets) -> {
      for (int i = 0; i < offsets.size(); i++) {
        assertEquals(i, offsets.get(i), "partition " + p + " out of order at its record " + i);
      }
    });
  }

  /** The client ids of the group's members that own partitions; none while the group is not formed yet. */
  private static Set<String> clientIdsOwningPartitions(Admin admin, String group) throws Exception {
    ConsumerGroupDescription d;
    try {
      d = admin.describeConsumerGroups(List.of(group)).all().get().get(group);
    } catch (ExecutionException e) {
      if (e.getCause() instanceof GroupIdNotFoundException) {
        return Set.of();
      }
      throw e;
    }
    return d.members().stream().filter(m -> !m.assignment().topicPartitions().isEmpty())
        .map(MemberDescription::clientId).collect(Collectors.toCollection(TreeSet::new));
  }
}
