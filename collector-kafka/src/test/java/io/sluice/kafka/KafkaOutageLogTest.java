package io.sluice.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.rpc.LogCapture;
import java.time.Clock;
import java.time.Instant;
import org.apache.logging.log4j.Level;
import org.junit.jupiter.api.Test;
import org.slf4j.LoggerFactory;

/** One line per transition, with batches in flight beside each other reporting late. */
class KafkaOutageLogTest {
  private final KafkaOutageLog outage = new KafkaOutageLog(LoggerFactory.getLogger(KafkaOutageLogTest.class),
      "sink k1", "b:9092", "topic t", Clock.systemUTC());

  @Test
  void aFailureOfABatchSentBeforeTheLastRecoveryStartsNoNewOutage() {
    try (LogCapture log = LogCapture.capture(Level.INFO)) {
      long atSendOfA = outage.recoveries();
      outage.unreachable("TimeoutException", Instant.now(), outage.recoveries()); // batch B fails first
      outage.reachable(); // B's retry is acknowledged
      outage.unreachable("TimeoutException", Instant.now(), atSendOfA); // A, sent before, fails late
      assertEquals(1, log.linesContaining("sink k1: Kafka unreachable at b:9092").size(), log.everything());
      assertEquals(1, log.linesContaining("sink k1: Kafka reachable again at b:9092").size(), log.everything());

      outage.unreachable("TimeoutException", Instant.now(), outage.recoveries()); // a batch sent since
      assertEquals(2, log.linesContaining("sink k1: Kafka unreachable at b:9092").size(),
          "a batch sent after the recovery that fails is a new outage");
    }
  }
}
