package io.sluice.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.EventDeliveryException;
import io.sluice.core.testutil.TestQueueChannel;
import java.time.Duration;
import java.util.Map;
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
  private static Map<String, String> sasl(String prefix, String password) {
    return Map.of("kafka.bootstrap.servers", kafka.saslBootstrapServers(),
        prefix + "security.protocol", "SASL_PLAINTEXT",
        prefix + "sasl.mechanism", "PLAIN",
        prefix + "sasl.jaas.config", jaas(password));
  }

  @Test
  void theSinkAndTheSourceAuthenticateWithTheirClientsSaslKeys() throws Exception {
    new SecureRoundTrips(prefix -> sasl(prefix, PASSWORD)).sinkThenSource(kafka.newTopic("sasl", 1), 300);
  }

  @Test
  void theChannelAuthenticatesBothItsClientsWithTheCommonSaslKeys() throws Exception {
    new SecureRoundTrips(prefix -> sasl(prefix, PASSWORD)).channelPutsAndTakes(kafka.newTopic("sasl-channel", 1), 200);
  }

  @Test
  void aWrongPasswordIsRefusedWithKafkasReasonAndNothingIsTaken() throws Exception {
    String topic = kafka.newTopic("sasl-refused", 1);
    int n = 50;
    TestQueueChannel in = new TestQueueChannel("c1", n);
    in.putAllCommitted(SecureRoundTrips.events(n));
    SecureRoundTrips wrong = new SecureRoundTrips(prefix -> sasl(prefix, "not-the-password"));
    KafkaSink sink = wrong.sink(in, wrong.raw("kafka.producer.", "kafka.topic", topic));
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
