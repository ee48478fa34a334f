package io.sluice.kafka;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.TopicPartition;

/**
 * A real consumer that, once {@code lose} is set, drops asynchronous commits as a dying process
 * would; once {@code dead} is set, synchronous ones too (the revocation at close commits nothing).
 */
final class LosingConsumer extends KafkaConsumer<String, byte[]> {
  final AtomicBoolean lose = new AtomicBoolean();
  final AtomicBoolean dead = new AtomicBoolean();

  LosingConsumer(Map<String, Object> props) {
    super(props);
  }

  @Override
  public void commitAsync(Map<TopicPartition, OffsetAndMetadata> offsets, OffsetCommitCallback callback) {
    if (!lose.get()) {
      super.commitAsync(offsets, callback);
    }
  }

  @Override
  public void commitSync(Map<TopicPartition, OffsetAndMetadata> offsets, Duration timeout) {
    if (!dead.get()) {
      super.commitSync(offsets, timeout);
    }
  }
}
