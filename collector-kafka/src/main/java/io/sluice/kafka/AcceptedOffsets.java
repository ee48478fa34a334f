package io.sluice.kafka;

import java.time.Duration;
import java.util.Collection;
import java.util.HashMap;
import java.util.Map;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.consumer.OffsetCommitCallback;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;

/**
 * The offsets of records already in the channel that Kafka has not yet confirmed as committed. Each
 * batch's offsets are committed asynchronously once its channel transaction committed, so the
 * source polls on instead of waiting a round trip per batch; Kafka sends a consumer's commits in
 * the order they were issued and calls their callbacks in that order, and a later commit of a
 * partition covers an earlier one that failed. What is still unconfirmed when partitions are
 * revoked, or when the source stops, is committed synchronously then. A crash in between re-delivers
 * the records (duplicates, never a skip): no offset is committed before its records are in the
 * channel. Runner-thread confined (callbacks and rebalance listeners run inside the consumer's calls
 * on that thread).
 */
final class AcceptedOffsets {
  /** What a commit's outcome tells the source. */
  interface Outcome {
    void committed();

    /** @param waited true for a synchronous commit, which Kafka retried until its timeout */
    void failed(Map<TopicPartition, OffsetAndMetadata> offsets, Exception e, boolean waited);
  }

  private final Map<TopicPartition, OffsetAndMetadata> unconfirmed = new HashMap<>();
  private final Outcome outcome;

  AcceptedOffsets(Outcome outcome) {
    this.outcome = outcome;
  }

  /** Records up to {@code offsets} are in the channel: commit them without waiting. */
  void commitAsync(Consumer<?, ?> consumer, Map<TopicPartition, OffsetAndMetadata> offsets) {
    unconfirmed.putAll(offsets);
    OffsetCommitCallback done = (committed, e) -> {
      if (e != null) {
        outcome.failed(committed, e, false);
        return;
      }
      // a later commit of the same partition may already be pending: keep that one
      committed.forEach((tp, o) -> unconfirmed.remove(tp, o));
      outcome.committed();
    };
    consumer.commitAsync(offsets, done);
  }

  /**
   * Commits, and waits for, what is unconfirmed of {@code partitions} (all when null): before a
   * revocation hands them to another member, or at close.
   *
   * @return false when the commit failed (the outcome was told; the records will come again)
   */
  boolean commitSync(Consumer<?, ?> consumer, Collection<TopicPartition> partitions, Duration timeout) {
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(unconfirmed);
    if (partitions != null) {
      offsets.keySet().retainAll(partitions);
    }
    forget(offsets.keySet());
    if (offsets.isEmpty()) {
      return true;
    }
    try {
      consumer.commitSync(offsets, timeout);
      outcome.committed();
      return true;
    } catch (KafkaException e) {
      outcome.failed(offsets, e, true);
      return false;
    }
  }

  /** Partitions lost to a rebalance: their commits can no longer succeed, nothing to do for them. */
  void forget(Collection<TopicPartition> partitions) {
    unconfirmed.keySet().removeAll(partitions);
  }

  /** For tests: the offsets still waiting for Kafka's confirmation. */
  Map<TopicPartition, OffsetAndMetadata> unconfirmed() {
    return Map.copyOf(unconfirmed);
  }
}
