package io.sluice.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.api.Status;
import io.sluice.core.avro.TestKeys;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.testutil.Configs;
import io.sluice.core.testutil.TestQueueChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Flume 1.11's global TLS settings ({@code javax.net.ssl.*} system properties, {@code FLUME_SSL_*}
 * environment variables) as the defaults of the Kafka clients' {@code ssl.*} keys: the exact
 * client properties, and a sink and a source reaching a broker's TLS-only listener with no
 * {@code ssl.*} key in their own config.
 */
class KafkaGlobalSslTest {
  private static final Map<String, String> NONE = Map.of();

  private static GlobalSslDefaults globals(Map<String, String> properties, Map<String, String> env) {
    return new GlobalSslDefaults(properties::get, env::get);
  }

  private static Map<String, Object> producer(GlobalSslDefaults globals, Map<String, String> extra) {
    Map<String, String> raw = new HashMap<>(Map.of("kafka.bootstrap.servers", "localhost:9093"));
    raw.putAll(extra);
    return Configs.configure(new KafkaSinkFactory(globals), raw).producerProperties();
  }

  @Test
  void globalsFillTheUnsetSslKeysOfATlsClientOnlyWithSystemPropertiesBeforeTheEnvironment() {
    GlobalSslDefaults g = globals(
        Map.of("javax.net.ssl.trustStore", "/etc/trust.jks", "javax.net.ssl.trustStorePassword", "tpw",
            "javax.net.ssl.keyStore", "/etc/keys.p12", "javax.net.ssl.keyStoreType", " "),
        Map.of("FLUME_SSL_TRUSTSTORE_PATH", "/env/trust.jks", "FLUME_SSL_KEYSTORE_PASSWORD", "kpw",
            "FLUME_SSL_KEYSTORE_TYPE", "PKCS12"));
    Map<String, Object> p = producer(g, Map.of("kafka.producer.security.protocol", "SSL"));
    assertEquals("/etc/trust.jks", p.get("ssl.truststore.location"), "system property before environment");
    assertEquals("tpw", p.get("ssl.truststore.password"));
    assertEquals("/etc/keys.p12", p.get("ssl.keystore.location"));
    assertEquals("kpw", p.get("ssl.keystore.password"), "environment when no system property");
    assertEquals("PKCS12", p.get("ssl.keystore.type"), "a blank system property counts as unset");
    assertFalse(p.containsKey("ssl.truststore.type"), "no global: Kafka's default stays");

    Map<String, Object> own = producer(g, Map.of("kafka.producer.security.protocol", "SASL_SSL",
        "kafka.producer.ssl.truststore.location", "/mine.jks", "kafka.ssl.keystore.location", "/mine.p12"));
    assertEquals("/mine.jks", own.get("ssl.truststore.location"), "the component's own key wins");
    assertEquals("/mine.p12", own.get("ssl.keystore.location"), "also under kafka.ssl.");
    assertEquals("tpw", own.get("ssl.truststore.password"), "each key on its own, as in Flume");

    for (String protocol : List.of("PLAINTEXT", "SASL_PLAINTEXT")) {
      Map<String, Object> plain = producer(g, Map.of("kafka.producer.security.protocol", protocol));
      assertTrue(plain.keySet().stream().noneMatch(k -> k.startsWith("ssl.")), protocol + ": " + plain);
    }
    assertTrue(producer(g, NONE).keySet().stream().noneMatch(k -> k.startsWith("ssl.")), "no protocol given");
  }

  @Test
  void theSourceAndTheChannelsClientsTakeTheGlobalsToo() {
    GlobalSslDefaults g = globals(NONE, Map.of("FLUME_SSL_TRUSTSTORE_PATH", "/env/trust.jks"));
    Map<String, Object> source = Configs.configure(new KafkaSourceFactory(g), Map.of(
        "kafka.bootstrap.servers", "b:9093", "kafka.topics", "t", "kafka.consumer.security.protocol", "SSL"))
        .consumerProperties();
    assertEquals("/env/trust.jks", source.get("ssl.truststore.location"));
    KafkaChannelConfig channel = Configs.configure(new KafkaChannelFactory(g), Map.of(
        "kafka.bootstrap.servers", "b:9093", "kafka.topic", "t", "kafka.producer.security.protocol", "SSL"));
    assertEquals("/env/trust.jks", channel.producerProperties().get("ssl.truststore.location"));
    assertFalse(channel.consumerProperties().containsKey("ssl.truststore.location"),
        "the channel's consumer was given no TLS protocol");
  }

  @Test
  void aSinkAndASourceReachATlsOnlyBrokerThroughTheGlobalsAlone(@TempDir Path dir) throws Exception {
    TestKeys keys = TestKeys.create(dir, "broker");
    try (KafkaBroker kafka = KafkaBroker.withTlsListener(keys.keyStore(), TestKeys.PASSWORD)) {
      String topic = kafka.newTopic("tls", 1);
      int n = 250;
      TestQueueChannel in = new TestQueueChannel("c1", n);
      List<Event> events = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        events.add(Event.of(Map.of(), Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
      }
      in.putAllCommitted(events);
      MetricsRegistry metrics = new MetricsRegistry();
      GlobalSslDefaults fromProperties = globals(Map.of("javax.net.ssl.trustStore", keys.trustStore().toString(),
          "javax.net.ssl.trustStorePassword", TestKeys.PASSWORD), NONE);
      KafkaSinkConfig sinkConfig = Configs.configure(new KafkaSinkFactory(fromProperties), Map.of(
          "kafka.bootstrap.servers", kafka.tlsBootstrapServers(), "kafka.topic", topic,
          "kafka.producer.security.protocol", "SSL", "kafka.producer.acks", "all"));
      KafkaSink sink = new KafkaSink("k1", in, sinkConfig,
          () -> new KafkaProducer<>(sinkConfig.producerProperties()), metrics.group("k1"));
      sink.start();
      try {
        while (sink.process() == Status.READY) {
          // until the channel is empty
        }
      } finally {
        sink.stop();
      }
      assertEquals(0, in.size(), "every take committed: Kafka acknowledged every record over TLS");

      GlobalSslDefaults fromEnvironment = globals(NONE, Map.of("FLUME_SSL_TRUSTSTORE_PATH",
          keys.trustStore().toString(), "FLUME_SSL_TRUSTSTORE_PASSWORD", TestKeys.PASSWORD));
      KafkaSourceConfig sourceConfig = Configs.configure(new KafkaSourceFactory(fromEnvironment), Map.of(
          "kafka.bootstrap.servers", kafka.tlsBootstrapServers(), "kafka.topics", topic,
          "kafka.consumer.group.id", "g-tls", "kafka.consumer.security.protocol", "SSL",
          "batchDurationMillis", "200"));
      List<Event> got = SourceSteps.consume(sourceConfig, metrics, n);
      assertEquals(n, got.stream().map(e -> new String(e.getBody(), StandardCharsets.UTF_8)).distinct().count(),
          "every record consumed over TLS");
    }
  }
}
