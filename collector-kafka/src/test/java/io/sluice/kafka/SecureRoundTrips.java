package io.sluice.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.api.Event;
import io.sluice.api.Status;
import io.sluice.api.Transaction;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.testutil.Configs;
import io.sluice.core.testutil.TestQueueChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * Round trips of the Kafka components on a broker listener that needs the security keys
 * {@code keys} gives for a key prefix ({@code kafka.producer.}, {@code kafka.consumer.} or
 * {@code kafka.} for all of a component's clients), bootstrap servers included; for tests.
 */
final class SecureRoundTrips {
  private final Function<String, Map<String, String>> keys;
  private final MetricsRegistry metrics = new MetricsRegistry();

  SecureRoundTrips(Function<String, Map<String, String>> keys) {
    this.keys = keys;
  }

  /** The security keys under {@code prefix}, then {@code more} (name, value, ...). */
  Map<String, String> raw(String prefix, String... more) {
    Map<String, String> raw = new HashMap<>(keys.apply(prefix));
    for (int i = 0; i < more.length; i += 2) {
      raw.put(more[i], more[i + 1]);
    }
    return raw;
  }

  static List<Event> events(int n) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(Event.of(Map.of("seq", Integer.toString(i)), Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
    }
    return events;
  }

  /** A started sink {@code k1} of {@code raw} taking from {@code in}. */
  KafkaSink sink(TestQueueChannel in, Map<String, String> raw) {
    KafkaSinkConfig config = Configs.configure(new KafkaSinkFactory(), raw);
    KafkaSink sink = new KafkaSink("k1", in, config, () -> new KafkaProducer<>(config.producerProperties()),
        metrics.group("k1"));
    sink.start();
    return sink;
  }

  /** A sink writes {@code n} events into {@code topic} through its producer's keys; a source reads each back once. */
  void sinkThenSource(String topic, int n) throws Exception {
    TestQueueChannel in = new TestQueueChannel("c1", n);
    in.putAllCommitted(events(n));
    KafkaSink sink = sink(in, raw("kafka.producer.", "kafka.topic", topic, "kafka.producer.acks", "all"));
    try {
      while (sink.process() == Status.READY) {
        // until the channel is empty
      }
    } finally {
      sink.stop();
    }
    assertEquals(0, in.size(), "every take committed: Kafka acknowledged every record");

    KafkaSourceConfig config = Configs.configure(new KafkaSourceFactory(), raw("kafka.consumer.",
        "kafka.topics", topic, "kafka.consumer.group.id", "g-" + topic, "batchDurationMillis", "200"));
    List<Event> got = SourceSteps.consume(config, metrics, n);
    assertEquals(n, got.stream().map(e -> new String(e.getBody(), StandardCharsets.UTF_8)).distinct().count(),
        "every record consumed, each once");
    assertEquals(n, got.size());
  }

  /** A channel on {@code topic} whose clients both take the {@code kafka.} keys puts {@code n} events and takes them back. */
  void channelPutsAndTakes(String topic, int n) throws Exception {
    KafkaChannelConfig config = Configs.configure(new KafkaChannelFactory(),
        raw("kafka.", "kafka.topic", topic, "kafka.consumer.group.id", "g-" + topic));
    assertEquals(config.producerProperties().get("security.protocol"), config.consumerProperties().get("security.protocol"));
    KafkaChannel channel = new KafkaChannel(config,
        DefaultComponentContext.builder("a1", "c1", metrics.group("c1")).build(),
        () -> new KafkaProducer<>(config.producerProperties()), () -> new KafkaConsumer<>(config.consumerProperties()));
    channel.start();
    try {
      try (Transaction tx = channel.getTransaction()) {
        tx.begin();
        for (Event e : events(n)) {
          tx.put(e);
        }
        tx.commit();
      }
      List<Event> got;
      try (Transaction tx = channel.getTransaction()) {
        tx.begin();
        got = KafkaChannelTest.takeUpTo(tx, n);
        tx.commit();
      }
      assertEquals(n, got.size(), "every put taken back");
      assertEquals("0", got.get(0).getHeaders().get("seq"), "in order, headers included");
      assertEquals(Integer.toString(n - 1), got.get(n - 1).getHeaders().get("seq"));
    } finally {
      channel.stop();
    }
  }
}
