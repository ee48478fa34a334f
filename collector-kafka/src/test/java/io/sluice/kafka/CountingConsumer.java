package io.sluice.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.clients.consumer.RetriableCommitFailedException;
import org.apache.kafka.common.TopicPartition;

/**
 * A real consumer whose asynchronous commits fail at once, as when the coordinator moves, while
 * {@code fail} is set; it counts the commits sent and the most ever awaiting their answer. Used by
 * one thread, as a consumer is.
 */
final class CountingConsumer extends KafkaConsumer<String, byte[]> {
  final AtomicBoolean fail = new AtomicBoolean();
  int sent;
  int awaiting;
  int mostAwaiting;

  CountingConsumer(Map<String, Object> props) {
    super(props);
  }

  /**
   * Asserts that {@code units} transactions' commits went out one awaiting its answer at a time and
   * coalesced: most of them committed records one poll fetched, with no answer read in between.
   */
  void assertCoalesced(int units, String what) {
    assertEquals(1, mostAwaiting, "commits awaiting an answer at once");
    assertTrue(sent < units / 2, "commits sent for " + units + " " + what + ": " + sent);
  }

  @Override
  public void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
    sent++;
    mostAwaiting = Math.max(mostAwaiting, ++awaiting);
    if (fail.get()) {
      awaiting--;
      callback.onComplete(offsets, new RetriableCommitFailedException("the coordinator moved"));
      return;
    }
    super.commitAsync(offsets, (committed, e) -> {
      awaiting--;
      callback.onComplete(committed, e);
    });
  }
}
