package io.sluice.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.api.Status;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.testutil.Configs;
import io.sluice.core.testutil.TestChannelProcessor;
import io.sluice.core.testutil.TestQueueChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One of three brokers lost under load (acks=all, replication 3, min.insync.replicas 2): the sink
 * goes on and every event whose take it committed is in the topic; the source goes on and delivers
 * every record. Ledgers count each event where it lands (duplicates allowed, as after any retry;
 * loss never). Two ways to lose it: the in-process test kit's shutdown (a controlled shutdown: its
 * connections drop and its partitions' leadership moves first), and SIGKILL of a broker running as
 * a child JVM ({@link KafkaProcessCluster}: no shutdown at all, leadership moves only once the
 * controller finds it gone), which is then started again on the same log directory and must catch
 * up.
 */
class KafkaBrokerLossTest {
  private static final int N = 30_000;
  private final MetricsRegistry metrics = new MetricsRegistry();
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);

  /** How the test loses the leader of partition 0, and what it does once the load went on without it. */
  private interface LeaderLoss {
    /** Takes the leader away; returns its id. */
    int strike() throws Exception;

    void recover(int victim) throws Exception;
  }

  @AfterEach
  void stop() throws Exception {
    running.set(false);
    for (Thread t : threads) {
      t.join(30_000);
    }
  }

  /** Calls {@code step} until stopped, pausing after a BACKOFF as a runner would. */
  private void run(String name, StepWithStatus step) {
    Thread t = new Thread(() -> {
      while (running.get()) {
        try {
          if (step.process() == Status.BACKOFF) {
            Thread.sleep(50);
          }
        } catch (InterruptedException e) {
          return;
        } catch (Exception e) {
          // the component rolled back and reported it; the runner goes on
        }
      }
    }, name);
    threads.add(t);
    t.start();
  }

  private interface StepWithStatus {
    Status process() throws Exception;
  }

  private static void await(String what, long seconds, BooleanSupplier condition) {
    // polled every 10 ms, not spun: the brokers (child JVMs in one test) need the two cores
    Awaitility.await(what).atMost(Duration.ofSeconds(seconds)).pollInterval(Duration.ofMillis(10))
        .until(condition::getAsBoolean);
  }

  @Test
  void aBrokerStoppedUnderLoadLosesNothingTheSinkCommittedAndTheSourceGoesOn() throws Exception {
    try (KafkaBroker kafka = KafkaBroker.threeBrokers()) {
      String topic = kafka.newTopic("loss", 3);
      underLoad("stopped", kafka.bootstrapServers(), topic, new LeaderLoss() {
        @Override
        public int strike() throws Exception {
          int victim = kafka.leaderOf(topic);
          kafka.stopBroker(victim);
          return victim;
        }

        @Override
        public void recover(int victim) {
          // stays down: the test is about going on without it
        }
      });
    }
  }

  @Test
  void aBrokerKilledMinus9UnderLoadAndRestartedLosesNothingAndCatchesUp(@TempDir Path dir) throws Exception {
    try (KafkaProcessCluster kafka = KafkaProcessCluster.start(dir, 3)) {
      String topic = kafka.newTopic("kill", 3);
      underLoad("killed -9", kafka.bootstrapServers(), topic, new LeaderLoss() {
        @Override
        public int strike() throws Exception {
          int victim = kafka.leaderOf(topic, 0);
          kafka.kill(victim);
          return victim;
        }

        @Override
        public void recover(int victim) throws Exception {
          kafka.restart(victim);
        }
      });
      await("the restarted broker back in every partition's ISR", 60, () -> {
        try {
          return kafka.fullyInSync(topic);
        } catch (Exception e) {
          return false;
        }
      });
    }
  }

  /**
   * Runs the sink and the source over {@value #N} events and loses the leader of partition 0 once a
   * third of the takes committed; recovers it at two thirds; asserts nothing committed was lost.
   */
  private void underLoad(String how, String servers, String topic, LeaderLoss loss) throws Exception {
    TestQueueChannel in = new TestQueueChannel("c1", N);
    List<Event> events = new ArrayList<>(N);
    for (int i = 0; i < N; i++) {
      events.add(Event.of(Map.of(), Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
    }
    in.putAllCommitted(events);
    KafkaSinkConfig sinkConfig = Configs.configure(new KafkaSinkFactory(), Map.of(
        "kafka.bootstrap.servers", servers, "kafka.topic", topic,
        "kafka.producer.acks", "all", "flumeBatchSize", "100", "kafka.producer.linger.ms", "5"));
    KafkaSink sink = new KafkaSink("k1", in, sinkConfig, () -> new KafkaProducer<>(sinkConfig.producerProperties()),
        metrics.group("k1"));

    KafkaSourceConfig sourceConfig = Configs.configure(new KafkaSourceFactory(), Map.of(
        "kafka.bootstrap.servers", servers, "kafka.topics", topic,
        "kafka.consumer.group.id", "g-loss", "batchSize", "500", "batchDurationMillis", "100"));
    TestQueueChannel out = new TestQueueChannel("c2", 10 * N);
    KafkaSource source = new KafkaSource("r1", sourceConfig, new TestChannelProcessor(out),
        () -> new KafkaConsumer<>(sourceConfig.consumerProperties()), Clock.systemUTC(), metrics.group("r1"));
    int[] sourceLedger = new int[N];
    AtomicInteger sourceDistinct = new AtomicInteger();
    Runnable drainOut = () -> {
      for (Event e : out.drain()) {
        if (sourceLedger[Integer.parseInt(new String(e.getBody(), StandardCharsets.UTF_8))]++ == 0) {
          sourceDistinct.incrementAndGet();
        }
      }
    };

    sink.start();
    source.start();
    try {
      run("test-sink-runner", sink::process);
      run("test-source-runner", source::process);
      // Not waiting for the source here too: its group join can take seconds, in which the sink
      // once committed every event before the broker was stopped. The source is checked below.
      await("a third of the events committed by the sink", 30, () -> {
        drainOut.run();
        return in.size() <= N - N / 3;
      });
      long committedBeforeStop = N - in.size();
      int victim = loss.strike();
      await("two thirds of the takes committed after broker " + victim + " was " + how, 60,
          () -> in.size() <= N / 3);
      loss.recover(victim);
      await("every take committed after broker " + victim + " was " + how, 60, () -> in.size() == 0);
      await("the source to deliver every record", 60, () -> {
        drainOut.run();
        return sourceDistinct.get() == N;
      });
      assertTrue(committedBeforeStop < N, "the broker stopped while the sink had events left");
    } finally {
      running.set(false);
      for (Thread t : threads) {
        t.join(30_000);
      }
      sink.stop();
      source.stop();
    }

    List<ConsumerRecord<String, byte[]>> records = KafkaBroker.readAll(servers, topic, N);
    BitSet inTopic = new BitSet(N);
    records.forEach(r -> inTopic.set(Integer.parseInt(new String(r.value(), StandardCharsets.UTF_8))));
    assertEquals(N, inTopic.cardinality(), "every event the sink committed is in the topic");
    int duplicates = records.size() - N;
    System.out.printf("broker " + how + ": %d events committed by the sink, %d records in the topic (%d duplicates),"
        + " %d distinct delivered by the source%n", N, records.size(), duplicates, sourceDistinct.get());
  }
}
