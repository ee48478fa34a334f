package io.sluice.kafka;

import java.time.Clock;
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
 * source polls on instead of waiting a round trip per batch. At most one asynchronous commit is in
 * flight: the batches committed to the channel meanwhile are sent together when it completes (the
 * latest offset of each partition covers the earlier ones), so a fast source sends one commit per
 * round trip rather than one per batch, and never queues commits faster than the coordinator
 * answers them (queued commits time out and fail). With a commit interval ({@code
 * offsetCommitIntervalMillis}) a commit is also sent no sooner than that after the previous one
 * while records keep coming, so a busy consumer asks the group coordinator for one commit per
 * interval rather than one per round trip; {@link #flush} (a poll found nothing new) sends what
 * waits at once, so an idle consumer's offsets are not left behind. A failed commit is sent again
 * at the next {@link #retry}, which the source calls on every pass, busy or idle, so Kafka catches
 * up with the channel even when no record follows. What is still unconfirmed when partitions are
 * revoked, or when the source stops, is committed synchronously then. A crash in between
 * re-delivers the records (duplicates, never a skip): no offset is committed before its records
 * are in the channel. Runner-thread confined (callbacks and rebalance listeners run inside the
 * consumer's calls on that thread).
 */
final class AcceptedOffsets {
  /** What a commit's outcome tells the source. */
  interface Outcome {
    void committed();

    /** @param waited true for a synchronous commit, which Kafka retried until its timeout */
    void failed(Map<TopicPartition, OffsetAndMetadata> offsets, Exception e, boolean waited);
  }

  /**
   * How long an asynchronous commit may go unanswered before another is sent anyway: Kafka answers
   * every one (at the latest when its request times out), so this only keeps a lost callback from
   * stopping the commits for good.
   */
  static final long STALE_COMMIT_MILLIS = 60_000;
  private final Map<TopicPartition, OffsetAndMetadata> unconfirmed = new HashMap<>();
  private final Outcome outcome;
  private final Clock clock;
  private final long intervalMillis;
  /** When the asynchronous commit in flight was sent, or -1 when none is. */
  private long inFlightSince = -1;
  /** When the last asynchronous commit was sent, or -1 before the first. */
  private long lastSent = -1;
  /** Offsets accepted (or failed) since the commit in flight was sent: the next commit carries them. */
  private boolean unsent;

  /**
   * @param interval the least time between two asynchronous commits while records keep coming
   *     ({@link Duration#ZERO}: one as soon as the previous one is answered)
   */
  AcceptedOffsets(Outcome outcome, Clock clock, Duration interval) {
    this.outcome = outcome;
    this.clock = clock;
    this.intervalMillis = interval.toMillis();
  }

  /** Records up to {@code offsets} are in the channel: commit them without waiting. */
  void commitAsync(Consumer<?, ?> consumer, Map<TopicPartition, OffsetAndMetadata> offsets) {
    if (offsets.isEmpty()) {
      return;
    }
    unconfirmed.putAll(offsets);
    unsent = true;
    retry(consumer);
  }

  /**
   * Sends what is unconfirmed and not yet sent (or sent and failed) when no commit is in flight
   * and the commit interval has passed since the last one. Cheap when there is nothing to send;
   * called on every pass of the source. Never throws: a commit the consumer refuses at once goes
   * to the outcome like one that fails later.
   */
  void retry(Consumer<?, ?> consumer) {
    send(consumer, false);
  }

  /**
   * {@link #retry} without waiting for the commit interval: the consumer's poll found nothing new,
   * so no later batch would carry these offsets soon.
   */
  void flush(Consumer<?, ?> consumer) {
    send(consumer, true);
  }

  private void send(Consumer<?, ?> consumer, boolean now) {
    if (!unsent || unconfirmed.isEmpty()) {
      return;
    }
    long sent = clock.millis();
    if (inFlightSince >= 0 && sent - inFlightSince < STALE_COMMIT_MILLIS) {
      return;
    }
    if (!now && lastSent >= 0 && sent - lastSent < intervalMillis) {
      return;
    }
    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>(unconfirmed);
    unsent = false;
    inFlightSince = sent;
    lastSent = sent;
    OffsetCommitCallback done = (committed, e) -> {
      if (inFlightSince == sent) {
        inFlightSince = -1;
      }
      if (e != null) {
        unsent = true; // sent again at the next pass, with whatever was accepted since
        outcome.failed(committed, e, false);
        return;
      }
      // a later commit of the same partition may already be accepted: keep that one
      committed.forEach((tp, o) -> unconfirmed.remove(tp, o));
      outcome.committed();
    };
    try {
      consumer.commitAsync(offsets, done);
    } catch (KafkaException e) { // refused before it was sent: told as a failed commit, sent again next pass
      if (inFlightSince == sent) {
        inFlightSince = -1;
      }
      unsent = true;
      outcome.failed(offsets, e, false);
    }
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
