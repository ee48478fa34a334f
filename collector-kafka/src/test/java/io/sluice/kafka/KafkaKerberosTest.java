package io.sluice.kafka;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Sink;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.testutil.Configs;
import io.sluice.core.testutil.TestQueueChannel;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.apache.kerby.kerberos.kerb.server.SimpleKdcServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Kerberos settings of a Flume config (Flume's user guide: {@code security.protocol =
 * SASL_PLAINTEXT}, {@code sasl.mechanism = GSSAPI}, {@code sasl.kerberos.service.name = kafka}),
 * on a broker whose listener takes GSSAPI only, against a real KDC (Apache Kerby's, which Hadoop's
 * MiniKdc runs). Each client logs in from a keytab through {@code sasl.jaas.config}; the sink, the
 * source and the channel each as a principal of its own; a principal the keytab lacks is named in
 * the error that keeps the sink from starting.
 */
class KafkaKerberosTest {
  private static final String REALM = "EXAMPLE.COM";
  @TempDir
  static Path dir;
  private static SimpleKdcServer kdc;
  private static KafkaBroker kafka;
  private static Path keytab;
  private static String previousKrb5Conf;

  @BeforeAll
  static void startKdcAndBroker() throws Exception {
    int port = freePort();
    kdc = new SimpleKdcServer();
    kdc.setWorkDir(dir.toFile());
    kdc.setKdcHost("localhost");
    kdc.setKdcRealm(REALM);
    kdc.setAllowUdp(false);
    kdc.setKdcTcpPort(port);
    kdc.init();
    kdc.start();
    keytab = dir.resolve("kafka.keytab");
    kdc.createAndExportPrincipals(keytab.toFile(), "kafka/localhost", "sink/localhost", "source/localhost",
        "channel/localhost");
    Path krb5 = dir.resolve("krb5.conf");
    Files.writeString(krb5, String.join("\n",
        "[libdefaults]",
        "  default_realm = " + REALM,
        "  udp_preference_limit = 1",
        "  dns_canonicalize_hostname = false",
        "[realms]",
        "  " + REALM + " = {",
        "    kdc = localhost:" + port,
        "  }",
        ""));
    // the JVM's Kerberos reads one krb5.conf; this test's KDC is it until the test ends
    previousKrb5Conf = System.setProperty("java.security.krb5.conf", krb5.toString());
    kafka = KafkaBroker.withKerberosListener(keytab, "kafka/localhost@" + REALM);
  }

  @AfterAll
  static void stop() throws Exception {
    try {
      if (kafka != null) {
        kafka.close();
      }
      if (kdc != null) {
        kdc.stop();
      }
    } finally {
      if (previousKrb5Conf == null) {
        System.clearProperty("java.security.krb5.conf");
      } else {
        System.setProperty("java.security.krb5.conf", previousKrb5Conf);
      }
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Flume's Kerberos keys under {@code prefix}, logging in as {@code user}/localhost from the keytab. */
  private static Map<String, String> kerberos(String prefix, String user) {
    return Map.of("kafka.bootstrap.servers", kafka.saslBootstrapServers(),
        prefix + "security.protocol", "SASL_PLAINTEXT",
        prefix + "sasl.mechanism", "GSSAPI",
        prefix + "sasl.kerberos.service.name", "kafka",
        prefix + "sasl.jaas.config", "com.sun.security.auth.module.Krb5LoginModule required useKeyTab=true"
            + " storeKey=true keyTab=\"" + keytab + "\" principal=\"" + user + "/localhost@" + REALM + "\";");
  }

  @Test
  void theSinkAndTheSourceLogInFromTheirKeytabs() throws Exception {
    new SecureRoundTrips(prefix -> kerberos(prefix, prefix.contains("producer") ? "sink" : "source"))
        .sinkThenSource(kafka.newTopic("kerberos", 1), 300);
  }

  @Test
  void theChannelsProducerAndConsumerLogInWithTheCommonKeys() throws Exception {
    new SecureRoundTrips(prefix -> kerberos(prefix, "channel"))
        .channelPutsAndTakes(kafka.newTopic("kerberos-channel", 1), 200);
  }

  @Test
  void aPrincipalNotInTheKeytabIsNamedInTheErrorThatStopsTheSinkStarting() {
    KafkaSinkFactory factory = new KafkaSinkFactory();
    Map<String, String> raw = new HashMap<>(kerberos("kafka.producer.", "nobody"));
    raw.put("kafka.topic", "t");
    Sink sink = factory.create(Configs.configure(factory, raw),
        DefaultComponentContext.builder("a1", "k1", new MetricsRegistry().group("k1"))
            .channel(new TestQueueChannel("c1", 1)).build());
    IllegalStateException refused = assertThrows(IllegalStateException.class, sink::start);
    String message = refused.getMessage();
    assertTrue(message.startsWith("sink k1: cannot create its Kafka producer for " + kafka.saslBootstrapServers()
        + ": javax.security.auth.login.LoginException"), message);
    assertTrue(message.contains("logs in as nobody/localhost@" + REALM + " from keyTab " + keytab), message);
  }
}
