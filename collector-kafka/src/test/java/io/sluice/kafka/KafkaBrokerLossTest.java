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
import java.time.Clock;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * One of three brokers stopped under load (acks=all, replication 3, min.insync.replicas 2): the
 * sink goes on and every event whose take it committed is in the topic; the source goes on and
 * delivers every record. Ledgers count each event where it lands (duplicates allowed, as after any
 * retry; loss never). The broker is stopped by the test kit's shutdown (in-process brokers cannot
 * be killed -9): its connections drop and its partitions' leadership moves.
 */
class KafkaBrokerLossTest {
  private static final int N = 30_000;
  private final MetricsRegistry metrics = new MetricsRegistry();
  private final List<Thread> threads = new ArrayList<>();
  private final AtomicBoolean running = new AtomicBoolean(true);
  private KafkaBroker kafka;

  @BeforeEach
  void startCluster() throws Exception {
    kafka = KafkaBroker.threeBrokers();
  }

  @AfterEach
  void stop() throws Exception {
    running.set(false);
    for (Thread t : threads) {
      t.join(30_000);
    }
    kafka.close();
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
    long deadline = System.nanoTime() + seconds * 1_000_000_000L;
    while (!condition.getAsBoolean()) {
      assertTrue(System.nanoTime() < deadline, "timed out after " + seconds + " s waiting for " + what);
      Thread.onSpinWait();
    }
  }

  @Test
  void aBrokerStoppedUnderLoadLosesNothingTheSinkCommittedAndTheSourceGoesOn() throws Exception {
    String topic = kafka.newTopic("loss", 3);
    TestQueueChannel in = new TestQueueChannel("c1", N);
    List<Event> events = new ArrayList<>(N);
    for (int i = 0; i < N; i++) {
      events.add(Event.of(Map.of(), Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
    }
    in.putAllCommitted(events);
    KafkaSinkConfig sinkConfig = Configs.configure(new KafkaSinkFactory(), Map.of(
        "kafka.bootstrap.servers", kafka.bootstrapServers(), "kafka.topic", topic,
        "kafka.producer.acks", "all", "flumeBatchSize", "100", "kafka.producer.linger.ms", "5"));
    KafkaSink sink = new KafkaSink("k1", in, sinkConfig, () -> new KafkaProducer<>(sinkConfig.producerProperties()),
        metrics.group("k1"));

    KafkaSourceConfig sourceConfig = Configs.configure(new KafkaSourceFactory(), Map.of(
        "kafka.bootstrap.servers", kafka.bootstrapServers(), "kafka.topics", topic,
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
      await("a third of the events committed by the sink and some consumed", 30, () -> {
        drainOut.run();
        return in.size() <= N - N / 3 && sourceDistinct.get() > 0;
      });
      int victim = kafka.leaderOf(topic);
      long committedBeforeStop = N - in.size();
      kafka.stopBroker(victim);
      await("every take committed after broker " + victim + " stopped", 60, () -> in.size() == 0);
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

    List<ConsumerRecord<String, byte[]>> records = kafka.readAll(topic, N);
    BitSet inTopic = new BitSet(N);
    records.forEach(r -> inTopic.set(Integer.parseInt(new String(r.value(), StandardCharsets.UTF_8))));
    assertEquals(N, inTopic.cardinality(), "every event the sink committed is in the topic");
    int duplicates = records.size() - N;
    System.out.printf("broker loss: %d events committed by the sink, %d records in the topic (%d duplicates),"
        + " %d distinct delivered by the source%n", N, records.size(), duplicates, sourceDistinct.get());
  }
}
