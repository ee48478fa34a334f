package io.sluice.kafka;

import io.sluice.api.Event;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.testutil.TestChannelProcessor;
import io.sluice.core.testutil.TestQueueChannel;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.consumer.KafkaConsumer;

/** Steps a source as its runner would, for tests. */
final class SourceSteps {
  private SourceSteps() {}

  /** Calls {@code process()} and drains the channel into {@code into} until it holds {@code total} or 60 s passed. */
  static void drainUntil(KafkaSource source, TestQueueChannel channel, List<Event> into, int total)
      throws Exception {
    long deadline = System.nanoTime() + 60_000_000_000L;
    while (into.size() < total && System.nanoTime() < deadline) {
      source.process();
      into.addAll(channel.drain());
    }
  }

  /**
   * Starts source {@code r1} of {@code config} on a real consumer, steps it until {@code total} events
   * arrived or 60 s passed, stops it and returns what arrived.
   */
  static List<Event> consume(KafkaSourceConfig config, MetricsRegistry metrics, int total) throws Exception {
    TestQueueChannel out = new TestQueueChannel("c2", total);
    KafkaSource source = new KafkaSource("r1", config, new TestChannelProcessor(out),
        () -> new KafkaConsumer<>(config.consumerProperties()), Clock.systemUTC(), metrics.group("r1"));
    List<Event> got = new ArrayList<>();
    source.start();
    try {
      drainUntil(source, out, got, total);
    } finally {
      source.stop();
    }
    return got;
  }
}
