package io.sluice.kafka;

import io.sluice.api.Event;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Deque;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;

/**
 * The records a Kafka source has consumed but not yet committed: those polled and waiting
 * ({@code pending}, beyond the batch size) and those taken into the batch being built, with the
 * offset to commit per partition once the batch is in the channel. Partitions revoked by a rebalance
 * are dropped from both (their new owner starts at the last committed offset, so nothing is lost or
 * skipped); a batch the channel refused is rewound. Runner-thread confined (rebalance callbacks run
 * inside {@code poll}, on the same thread).
 */
final class InFlightBatch {
  private final Deque<ConsumerRecord<String, byte[]>> pending = new ArrayDeque<>();
  private final List<ConsumerRecord<String, byte[]>> taken = new ArrayList<>();
  /** The event of each taken record, null for a skipped one (same indexes as {@code taken}). */
  private final List<Event> takenEvents = new ArrayList<>();
  private final List<Event> events = new ArrayList<>();
  private final Map<TopicPartition, Long> firstOffsets = new HashMap<>();

  void addPolled(Iterable<ConsumerRecord<String, byte[]>> records) {
    for (ConsumerRecord<String, byte[]> r : records) {
      pending.add(r);
    }
  }

  boolean hasPending() {
    return !pending.isEmpty();
  }

  ConsumerRecord<String, byte[]> nextPending() {
    return pending.poll();
  }

  /** Takes a record into the batch; {@code event} is null for a record that was skipped. */
  void take(ConsumerRecord<String, byte[]> record, Event event) {
    // a record of the previous one's partition: that partition's first offset is known already
    if (taken.isEmpty() || !samePartition(taken.get(taken.size() - 1), record)) {
      firstOffsets.putIfAbsent(partitionOf(record), record.offset());
    }
    taken.add(record);
    takenEvents.add(event);
    if (event != null) {
      events.add(event);
    }
  }

  List<Event> events() {
    return events;
  }

  boolean isEmpty() {
    return taken.isEmpty();
  }

  /** Per partition, the offset after the last record taken: what to commit once the batch is in. */
  Map<TopicPartition, OffsetAndMetadata> commitOffsets() {
    Map<TopicPartition, OffsetAndMetadata> out = new HashMap<>();
    // records come in runs of one partition: only the last of a run can be its partition's highest,
    // so the objects are made per run, not per record
    ConsumerRecord<String, byte[]> runEnd = null;
    for (ConsumerRecord<String, byte[]> r : taken) {
      if (runEnd != null && !samePartition(runEnd, r)) {
        commitAfter(runEnd, out);
      }
      runEnd = r;
    }
    if (runEnd != null) {
      commitAfter(runEnd, out);
    }
    return out;
  }

  private static void commitAfter(ConsumerRecord<?, ?> r, Map<TopicPartition, OffsetAndMetadata> out) {
    out.merge(partitionOf(r), new OffsetAndMetadata(r.offset() + 1), (a, b) -> a.offset() >= b.offset() ? a : b);
  }

  private static boolean samePartition(ConsumerRecord<?, ?> a, ConsumerRecord<?, ?> b) {
    return a.partition() == b.partition() && a.topic().equals(b.topic());
  }

  /** The batch was committed in the channel and in Kafka: start the next one. */
  void clearBatch() {
    taken.clear();
    takenEvents.clear();
    events.clear();
    firstOffsets.clear();
  }

  /**
   * Drops the pending records of {@code record}'s partition, all of which come after it, and returns
   * that partition: its consumption halts before {@code record} (the caller seeks back and pauses it).
   * What was taken from it before stays in the batch and is committed with it.
   */
  TopicPartition haltAt(ConsumerRecord<String, byte[]> record) {
    TopicPartition tp = partitionOf(record);
    pending.removeIf(r -> partitionOf(r).equals(tp));
    return tp;
  }

  /** Drops every record of {@code partitions}, taken or pending; returns how many were dropped. */
  int drop(Collection<TopicPartition> partitions) {
    Set<TopicPartition> gone = new HashSet<>(partitions);
    int before = taken.size() + pending.size();
    pending.removeIf(r -> gone.contains(partitionOf(r)));
    List<ConsumerRecord<String, byte[]>> keep = new ArrayList<>();
    List<Event> keepEvents = new ArrayList<>();
    for (int i = 0; i < taken.size(); i++) {
      if (!gone.contains(partitionOf(taken.get(i)))) {
        keep.add(taken.get(i));
        if (takenEvents.get(i) != null) {
          keepEvents.add(takenEvents.get(i));
        }
      }
    }
    List<Event> keptPerRecord = new ArrayList<>();
    for (int i = 0; i < taken.size(); i++) {
      if (!gone.contains(partitionOf(taken.get(i)))) {
        keptPerRecord.add(takenEvents.get(i));
      }
    }
    taken.clear();
    taken.addAll(keep);
    takenEvents.clear();
    takenEvents.addAll(keptPerRecord);
    events.clear();
    events.addAll(keepEvents);
    firstOffsets.keySet().removeAll(gone);
    return before - taken.size() - pending.size();
  }

  /**
   * Forgets the batch and the pending records, returning per partition the first offset they held,
   * where the consumer must seek so they are consumed again.
   */
  Map<TopicPartition, Long> rewind() {
    Map<TopicPartition, Long> seekTo = new HashMap<>(firstOffsets);
    for (ConsumerRecord<String, byte[]> r : pending) {
      seekTo.merge(new TopicPartition(r.topic(), r.partition()), r.offset(), Math::min);
    }
    pending.clear();
    clearBatch();
    return seekTo;
  }

  private static TopicPartition partitionOf(ConsumerRecord<?, ?> r) {
    return new TopicPartition(r.topic(), r.partition());
  }
}
