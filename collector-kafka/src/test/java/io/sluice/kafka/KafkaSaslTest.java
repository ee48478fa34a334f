package io.sluice.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.api.EventDeliveryException;
import io.sluice.api.Status;
import io.sluice.api.Transaction;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.testutil.Configs;
import io.sluice.core.testutil.TestQueueChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The SASL settings of a Flume config, on a broker whose listener takes SASL_PLAINTEXT with
 * mechanism PLAIN only: the sink and the source through their {@code kafka.producer.} and
 * {@code kafka.consumer.} keys, the channel through the common {@code kafka.security.protocol} and
 * {@code kafka.sasl.*} keys; and a wrong password refused with Kafka's reason, nothing taken.
 */
class KafkaSaslTest {
  private static final String USER = "flume";
  private static final String PASSWORD = "flume-secret";
  private static KafkaBroker kafka;
  private final MetricsRegistry metrics = new MetricsRegistry();

  @BeforeAll
  static void startBroker() throws Exception {
    kafka = KafkaBroker.withSaslPlainListener(Map.of(USER, PASSWORD));
  }

  @AfterAll
  static void stopBroker() throws Exception {
    kafka.close();
  }

  private static String jaas(String password) {
    return "org.apache.kafka.common.security.plain.PlainLoginModule required username=\"" + USER
        + "\" password=\"" + password + "\";";
  }

  /** The keys Flume's user guide shows for a SASL client, under {@code prefix}. */
  private static Map<String, String> sasl(String prefix, String password, String... more) {
    Map<String, String> raw = new HashMap<>();
    raw.put("kafka.bootstrap.servers", kafka.saslBootstrapServers());
    raw.put(prefix + "security.protocol", "SASL_PLAINTEXT");
    raw.put(prefix + "sasl.mechanism", "PLAIN");
    raw.put(prefix + "sasl.jaas.config", jaas(password));
    for (int i = 0; i < more.length; i += 2) {
      raw.put(more[i], more[i + 1]);
    }
    return raw;
  }

  private static List<Event> events(int n) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(Event.of(Map.of("seq", Integer.toString(i)), Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
    }
    return events;
  }

  private KafkaSink sink(TestQueueChannel in, Map<String, String> raw) {
    KafkaSinkConfig config = Configs.configure(new KafkaSinkFactory(), raw);
    KafkaSink sink = new KafkaSink("k1", in, config, () -> new KafkaProducer<>(config.producerProperties()),
        metrics.group("k1"));
    sink.start();
    return sink;
  }

  @Test
  void theSinkAndTheSourceAuthenticateWithTheirClientsSaslKeys() throws Exception {
    String topic = kafka.newTopic("sasl", 1);
    int n = 300;
    TestQueueChannel in = new TestQueueChannel("c1", n);
    in.putAllCommitted(events(n));
    KafkaSink sink = sink(in, sasl("kafka.producer.", PASSWORD, "kafka.topic", topic, "kafka.producer.acks", "all"));
    try {
      while (sink.process() == Status.READY) {
        // until the channel is empty
      }
    } finally {
      sink.stop();
    }
    assertEquals(0, in.size(), "every take committed: Kafka acknowledged every record over SASL");

    KafkaSourceConfig config = Configs.configure(new KafkaSourceFactory(), sasl("kafka.consumer.", PASSWORD,
        "kafka.topics", topic, "kafka.consumer.group.id", "g-sasl", "batchDurationMillis", "200"));
    List<Event> got = SourceSteps.consume(config, metrics, n);
    assertEquals(n, got.stream().map(e -> new String(e.getBody(), StandardCharsets.UTF_8)).distinct().count(),
        "every record consumed over SASL, each once");
    assertEquals(n, got.size());
  }

  @Test
  void theChannelAuthenticatesBothItsClientsWithTheCommonSaslKeys() throws Exception {
    String topic = kafka.newTopic("sasl-channel", 1);
    KafkaChannelConfig config = Configs.configure(new KafkaChannelFactory(),
        sasl("kafka.", PASSWORD, "kafka.topic", topic, "kafka.consumer.group.id", "g-" + topic));
    assertEquals("SASL_PLAINTEXT", config.producerProperties().get("security.protocol"));
    assertEquals("SASL_PLAINTEXT", config.consumerProperties().get("security.protocol"));
    KafkaChannel channel = new KafkaChannel(config,
        DefaultComponentContext.builder("a1", "c1", metrics.group("c1")).build(),
        () -> new KafkaProducer<>(config.producerProperties()), () -> new KafkaConsumer<>(config.consumerProperties()));
    channel.start();
    int n = 200;
    try {
      try (Transaction tx = channel.getTransaction()) {
        tx.begin();
        for (Event e : events(n)) {
          tx.put(e);
        }
        tx.commit();
      }
      List<Event> got = new ArrayList<>();
      try (Transaction tx = channel.getTransaction()) {
        tx.begin();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (got.size() < n && System.nanoTime() < deadline) {
          got.addAll(tx.take(n - got.size()));
        }
        tx.commit();
      }
      assertEquals(n, got.size(), "every put taken back over SASL");
      assertEquals("0", got.get(0).getHeaders().get("seq"), "in order, headers included");
      assertEquals(Integer.toString(n - 1), got.get(n - 1).getHeaders().get("seq"));
    } finally {
      channel.stop();
    }
  }

  @Test
  void aWrongPasswordIsRefusedWithKafkasReasonAndNothingIsTaken() throws Exception {
    String topic = kafka.newTopic("sasl-refused", 1);
    int n = 50;
    TestQueueChannel in = new TestQueueChannel("c1", n);
    in.putAllCommitted(events(n));
    KafkaSink sink = sink(in, sasl("kafka.producer.", "not-the-password", "kafka.topic", topic));
    try {
      // Each send blocks until Kafka's client has failed to authenticate once more (about a second
      // apart): were the batch's 50 records each sent, the batch would fail after about a minute
      EventDeliveryException refused = assertTimeoutPreemptively(Duration.ofSeconds(30),
          () -> assertThrows(EventDeliveryException.class, sink::process));
      String reason = String.valueOf(refused.getMessage()) + " / " + refused.getCause();
      assertTrue(reason.contains("Authentication failed"), "Kafka's reason is in the error: " + reason);
      assertTrue(reason.contains("k1") && reason.contains("c1"), "the sink and its channel are named: " + reason);
    } finally {
      sink.stop();
    }
    assertEquals(n, in.size(), "the refused batch was rolled back: every event is still in the channel");
    assertEquals(1, in.rollbacks());
  }
}
