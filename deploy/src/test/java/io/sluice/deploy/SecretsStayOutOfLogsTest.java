package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.config.ConfigException;
import io.sluice.core.agent.AgentApplication;
import io.sluice.rpc.LogCapture;
import io.sluice.testsupport.TestZooKeeper;
import java.io.ByteArrayOutputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.apache.logging.log4j.Level;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.config.Configurator;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Members that fail to build or start with secrets in their configs: Avro source and sink TLS
 * store passwords, Kafka's {@code sasl.jaas.config} and {@code ssl.*.password}, ZooKeeper digest
 * credentials. Everything logged (DEBUG and up, stack traces and causes included), every exception
 * and everything printed is searched for each secret value.
 */
class SecretsStayOutOfLogsTest {
  private final List<String> secrets = new ArrayList<>();
  private final StringWriter seen = new StringWriter();
  @TempDir Path tmp;

  private String secret(String what) {
    String s = "Sekr1t-" + what + "-" + secrets.size();
    secrets.add(s);
    return s;
  }

  @Test
  void noSecretOfAFailingMemberReachesALogAnExceptionOrTheTerminal() throws Exception {
    Level before = LogManager.getRootLogger().getLevel();
    Configurator.setRootLevel(Level.DEBUG);
    try (LogCapture log = LogCapture.capture(Level.DEBUG)) {
      configErrors();
      startFailures(log);
      zooKeeperDigests();
      seen.append(log.everything());
    } finally {
      Configurator.setRootLevel(before);
    }
    String all = seen.toString();
    for (String failure : List.of("unterminated '${'", "store.p12.missing",
        "source tlsSource failed to start", "sink tlsSink failed to deliver",
        "sink kafkaSink failed to start", "sasl.jaas.config = [hidden]", "not authorised",
        "SLUICE_ZK_DIGEST must look like user:password")) {
      assertTrue(all.contains(failure), "every failure was seen: " + failure);
    }
    for (String s : secrets) {
      assertFalse(all.contains(s), s + " leaked:\n" + excerpt(all, s));
    }
  }

  /**
   * A real keytab used by HDFS and Kafka sinks, in good and failing shapes, in a child JVM
   * ({@link KeytabLogsChild}): neither its keys (hex, base64, as Java prints byte arrays) nor its
   * file (hex, base64), nor the text of a file posing as a keytab, appear in anything it logged or
   * threw.
   */
  @Test
  void noKeytabContentReachesALogOrAnException() throws Exception {
    String marker = secret("text-keytab");
    Path out = tmp.resolve("child.out");
    Process child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx256m",
        "-cp", System.getProperty("java.class.path"), KeytabLogsChild.class.getName(),
        tmp.toString(), marker)
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertTrue(child.waitFor(3, TimeUnit.MINUTES), "child did not finish");
    String all = Files.readString(out);
    assertEquals(0, child.exitValue(), all);
    for (String seenInChild : List.of("DONE", "Sink hdfsGood: writing", "Successfully logged in",
        "sink hdfsWrongPrincipal failed", "sink hdfsDamaged failed", "sink hdfsText failed",
        "kafkaWrongPrincipal failed", "kafkaText failed")) {
      assertTrue(all.contains(seenInChild), "every shape was run: " + seenInChild + "\n" + all);
    }
    List<String> forms = new ArrayList<>(KeytabForms.of(tmp.resolve("sink.keytab")));
    forms.addAll(KeytabForms.of(tmp.resolve("damaged.keytab")));
    forms.add(marker);
    assertTrue(forms.size() > 5, forms.toString());
    for (String form : forms) {
      assertFalse(all.contains(form), "keytab content leaked:\n" + excerpt(all, form));
    }
  }

  /** Config errors: an unterminated ${ in a password, a password without its store. */
  private void configErrors() throws Exception {
    Path conf = write("bad.properties", """
        a1.sources = r1
        a1.channels = c1
        a1.sinks = k1
        a1.channels.c1.type = memory
        a1.sources.r1.type = avro
        a1.sources.r1.bind = 127.0.0.1
        a1.sources.r1.port = 0
        a1.sources.r1.channels = c1
        a1.sources.r1.ssl = true
        a1.sources.r1.keystore-password = %s${unterminated
        a1.sinks.k1.type = avro
        a1.sinks.k1.hostname = 127.0.0.1
        a1.sinks.k1.port = 1
        a1.sinks.k1.ssl = true
        a1.sinks.k1.truststore-password = %s
        a1.sinks.k1.channel = c1
        """.formatted(secret("dollar"), secret("no-store")));
    try (AgentApplication app = FailingAgentRuns.agent(conf)) {
      ConfigException e = assertThrows(ConfigException.class, app::start);
      record(e);
    }
  }

  /** Start failures: wrong store passwords, unreadable stores, an unreachable Kafka with SASL. */
  private void startFailures(LogCapture log) throws Exception {
    FailingAgentRuns runs = new FailingAgentRuns(tmp, log, this::record);
    Path store = tmp.resolve("store.p12");
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    try (OutputStream out = Files.newOutputStream(store)) {
      ks.store(out, "the-right-password".toCharArray());
    }
    runs.untilFailure("tlsSource", """
        a1.sources = tlsSource
        a1.sources.tlsSource.type = avro
        a1.sources.tlsSource.bind = 127.0.0.1
        a1.sources.tlsSource.port = 0
        a1.sources.tlsSource.channels = c1
        a1.sources.tlsSource.ssl = true
        a1.sources.tlsSource.keystore = %s
        a1.sources.tlsSource.keystore-type = PKCS12
        a1.sources.tlsSource.keystore-password = %s
        """.formatted(store, secret("source-keystore")));
    runs.untilFailure("missingStore", """
        a1.sources = missingStore
        a1.sources.missingStore.type = avro
        a1.sources.missingStore.bind = 127.0.0.1
        a1.sources.missingStore.port = 0
        a1.sources.missingStore.channels = c1
        a1.sources.missingStore.ssl = true
        a1.sources.missingStore.keystore = %s.missing
        a1.sources.missingStore.keystore-password = %s
        """.formatted(store, secret("missing-keystore")));
    runs.untilFailure("tlsSink", """
        a1.sinks = tlsSink
        a1.sinks.tlsSink.type = avro
        a1.sinks.tlsSink.hostname = 127.0.0.1
        a1.sinks.tlsSink.port = 1
        a1.sinks.tlsSink.ssl = true
        a1.sinks.tlsSink.truststore = %s
        a1.sinks.tlsSink.truststore-type = PKCS12
        a1.sinks.tlsSink.truststore-password = %s
        a1.sinks.tlsSink.channel = c1
        """.formatted(store, secret("sink-truststore")));
    runs.untilFailure("kafkaSink", """
        a1.sinks = kafkaSink
        a1.sinks.kafkaSink.type = org.apache.flume.sink.kafka.KafkaSink
        a1.sinks.kafkaSink.kafka.bootstrap.servers = 127.0.0.1:1
        a1.sinks.kafkaSink.kafka.topic = t
        a1.sinks.kafkaSink.kafka.producer.security.protocol = SASL_SSL
        a1.sinks.kafkaSink.kafka.producer.sasl.mechanism = PLAIN
        a1.sinks.kafkaSink.kafka.producer.sasl.jaas.config = \
          org.apache.kafka.common.security.plain.PlainLoginModule required \
          username="edge" password="%2$s";
        a1.sinks.kafkaSink.kafka.producer.ssl.truststore.location = %1$s
        a1.sinks.kafkaSink.kafka.producer.ssl.truststore.type = PKCS12
        a1.sinks.kafkaSink.kafka.producer.ssl.truststore.password = %3$s
        a1.sinks.kafkaSink.kafka.producer.ssl.keystore.location = %1$s
        a1.sinks.kafkaSink.kafka.producer.ssl.keystore.type = PKCS12
        a1.sinks.kafkaSink.kafka.producer.ssl.keystore.password = %4$s
        a1.sinks.kafkaSink.kafka.producer.ssl.key.password = %5$s
        a1.sinks.kafkaSink.channel = c1
        """.formatted(store, secret("jaas"), secret("kafka-truststore"),
        secret("kafka-keystore"), secret("kafka-key")));
  }

  /** ZooKeeper commands with digest credentials: refused by the ACL, and malformed. */
  private void zooKeeperDigests() throws Exception {
    try (TestZooKeeper zk = TestZooKeeper.start()) {
      Map<String, String> env = new HashMap<>(Map.of("SLUICE_ZK", zk.connectString(),
          "SLUICE_CLUSTER", "secrets", "SLUICE_ZK_DIGEST", "ops:" + secret("zk-writer")));
      Path topology = write("t1", "version = 0\nroutes = web\nroute.web.tier = aggs\n");
      assertEquals(0, sluice(env, "topology", "push", topology.toString()));
      env.put("SLUICE_ZK_DIGEST", "ops:" + secret("zk-wrong"));
      Path next = write("t2", "version = 1\nroutes = web\nroute.web.tier = aggs2\n");
      assertTrue(sluice(env, "topology", "push", next.toString()) != 0, "refused by the ACL");
      env.put("SLUICE_ZK_DIGEST", secret("zk-no-colon"));
      assertTrue(sluice(env, "topology", "show") != 0, "a digest without user: is refused");
    }
  }

  private int sluice(Map<String, String> env, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = SluiceMain.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), env);
    seen.append(out.toString(StandardCharsets.UTF_8)).append('\n')
        .append(err.toString(StandardCharsets.UTF_8)).append('\n');
    return status;
  }

  private void record(Throwable e) {
    e.printStackTrace(new PrintWriter(seen));
  }

  private Path write(String name, String text) throws Exception {
    return Files.writeString(tmp.resolve(name), text);
  }

  private static String excerpt(String all, String secret) {
    int at = all.indexOf(secret);
    return all.substring(Math.max(0, at - 600), Math.min(all.length(), at + 200));
  }
}
