package io.sluice.kafka;

import io.sluice.api.Event;
import io.sluice.api.spi.ComponentMetrics;
import io.sluice.rpc.wire.RecentHeaderValues;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One taking thread's consumer of a Kafka channel, as in Flume: a consumer commits per partition,
 * so each thread needs its own to commit exactly what its take transaction took. It tracks the
 * records polled but not yet taken and those taken by the open transaction ({@link InFlightBatch});
 * a commit commits the taken records' offsets, a rollback seeks back to the first one taken so the
 * same events come again. The offsets are committed to Kafka asynchronously once the take committed
 * ({@link AcceptedOffsets}: one commit awaiting its answer at a time, the takes meanwhile coalesced,
 * a failed one sent again at the next take), and synchronously for what is still unconfirmed before
 * partitions are revoked and at close. A crash in between takes those events again (duplicates,
 * never loss), as a failed synchronous commit would. Partitions a rebalance takes away are dropped
 * from the bookkeeping (their next owner starts at the committed offset). Used by its thread only,
 * except {@link #close()} once that thread is done.
 */
final class ChannelTaker {
  private static final Logger LOG = LoggerFactory.getLogger(ChannelTaker.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(10);
  /** How long asynchronous commits may fail with retriable errors before it is called an outage. */
  private static final long COMMIT_FAILURE_GRACE_MILLIS = 5_000;
  private final String channel;
  private final Consumer<String, byte[]> consumer;
  private final RecordValues values;
  private final AcceptedOffsets accepted;
  private final InFlightBatch batch = new InFlightBatch();
  /** This thread's: the header values its records repeat (topic, partition) decoded once. */
  private final RecentHeaderValues recent = new RecentHeaderValues();

  ChannelTaker(String channel, String topic, Consumer<String, byte[]> consumer, RecordValues values,
      ComponentMetrics.Counter commitFailures, KafkaOutageLog outage, Duration commitInterval) {
    this.channel = channel;
    this.consumer = consumer;
    this.values = values;
    OffsetCommitLog commits = new OffsetCommitLog(LOG, "channel " + channel, outage, commitFailures, Clock.systemUTC(),
        COMMIT_FAILURE_GRACE_MILLIS);
    this.accepted = new AcceptedOffsets(commits, Clock.systemUTC(), commitInterval);
    consumer.subscribe(List.of(topic), new InFlightRebalances("channel " + channel, batch,
        revoked -> accepted.commitSync(consumer, revoked, CLOSE_TIMEOUT), accepted::forget));
  }

  /**
   * The next event, polling for up to {@code wait} (at least once) when none is buffered; null when
   * none arrived. Undecodable records are reported once and counted, then skipped (their offsets
   * committed with the take) or, with {@code undecodableRecords = stop}, halt their partition.
   */
  Event take(Duration wait) {
    long deadline = System.nanoTime() + wait.toNanos();
    boolean polled = false;
    while (true) {
      while (batch.hasPending()) {
        ConsumerRecord<String, byte[]> r = batch.nextPending();
        Event e = values.toEvent(r, recent);
        if (e == null && values.policy() == UndecodableRecords.STOP) {
          halt(r);
          continue;
        }
        batch.take(r, e);
        if (e != null) {
          if (r.key() != null) {
            e.getHeaders().put(RecordMapper.KEY_HEADER, r.key());
          }
          return e;
        }
      }
      long left = deadline - System.nanoTime();
      if (polled && left <= 0) {
        return null;
      }
      accepted.retry(consumer);
      ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofNanos(Math.max(0, left)));
      batch.addPolled(records);
      polled = true;
      // the commit in flight is usually answered inside that poll: send what waited for it now, not
      // after the sink's backoff once the channel has run dry (Kafka's committed offsets would lag);
      // with nothing new, what the commit interval held back goes too
      if (records.isEmpty()) {
        accepted.flush(consumer);
      } else {
        accepted.retry(consumer);
      }
    }
  }

  /**
   * Commits the offsets of what the transaction took, without waiting for Kafka's answer: the take
   * committed, so a failure only risks taking those events again.
   */
  void commit() {
    Map<TopicPartition, OffsetAndMetadata> offsets = batch.commitOffsets();
    batch.clearBatch();
    accepted.commitAsync(consumer, offsets);
  }

  /** Stops consuming {@code r}'s partition just before it (undecodableRecords = stop). */
  private void halt(ConsumerRecord<String, byte[]> r) {
    TopicPartition tp = batch.haltAt(r);
    consumer.seek(tp, r.offset());
    consumer.pause(List.of(tp));
  }

  /** Puts what the transaction took back: the consumer seeks to the first offset taken. */
  void rollback() {
    // a halted partition may hold rolled-back events before its bad one: it resumes and halts again there
    consumer.resume(consumer.paused());
    for (Map.Entry<TopicPartition, Long> e : batch.rewind().entrySet()) {
      try {
        consumer.seek(e.getKey(), e.getValue());
      } catch (IllegalStateException notAssigned) {
        LOG.debug("channel {}: {} is no longer assigned; its new owner resumes it", channel, e.getKey());
      }
    }
  }

  /** Commits what is unconfirmed and closes the consumer; its thread must be done with it (or gone). */
  void close() {
    try {
      accepted.commitSync(consumer, null, CLOSE_TIMEOUT);
      consumer.close(CloseOptions.timeout(CLOSE_TIMEOUT));
    } catch (RuntimeException e) {
      LOG.warn("channel {}: closing a consumer failed: {}", channel, e.toString());
    }
  }
}
