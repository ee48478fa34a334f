package io.sluice.kafka;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.api.Event;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/**
 * The offsets a batch commits and rewinds to when its records come in runs of one partition and
 * when the partitions interleave, before and after a rebalance drops one of them.
 */
class InFlightBatchTest {
  private static final TopicPartition A0 = new TopicPartition("a", 0);
  private static final TopicPartition A1 = new TopicPartition("a", 1);
  private static final TopicPartition B0 = new TopicPartition("b", 0);

  @Test
  void commitsTheOffsetAfterEachPartitionsLastRecordAndRewindsToItsFirst() {
    InFlightBatch batch = new InFlightBatch();
    for (ConsumerRecord<String, byte[]> r : List.of(record(A0, 5), record(A0, 6), record(A1, 3), record(B0, 9),
        record(A0, 7), record(A1, 4))) {
      batch.take(r, Event.of(new byte[0]));
    }
    assertEquals(Map.of(A0, new OffsetAndMetadata(8), A1, new OffsetAndMetadata(5), B0, new OffsetAndMetadata(10)),
        batch.commitOffsets());

    assertEquals(2, batch.drop(List.of(A1)));
    assertEquals(Map.of(A0, new OffsetAndMetadata(8), B0, new OffsetAndMetadata(10)), batch.commitOffsets());
    assertEquals(4, batch.events().size());

    batch.take(record(A1, 11), null); // skipped record: committed past, no event
    batch.take(record(A1, 12), Event.of(new byte[0]));
    assertEquals(Map.of(A0, new OffsetAndMetadata(8), A1, new OffsetAndMetadata(13), B0, new OffsetAndMetadata(10)),
        batch.commitOffsets());
    assertEquals(Map.of(A0, 5L, A1, 11L, B0, 9L), batch.rewind());
    assertEquals(Map.of(), batch.commitOffsets());
  }

  private static ConsumerRecord<String, byte[]> record(TopicPartition tp, long offset) {
    return new ConsumerRecord<>(tp.topic(), tp.partition(), offset, null, new byte[0]);
  }
}
