package io.sluice.core.channel.file;

import io.sluice.api.ChannelException;
import io.sluice.api.Event;
import io.sluice.core.channel.AbstractTransaction;
import java.util.Arrays;
import java.util.List;

/**
 * A transaction on a {@link FileChannel}: puts are encoded into log records as they come; takes
 * leave the queue at once (invisible to others) and return to its head on rollback. Nothing is
 * written before commit, so a rollback has nothing to undo on disk.
 *
 * <p>Thread-confined (see {@link AbstractTransaction}).
 */
final class FileTransaction extends AbstractTransaction {
  private final FileChannel channel;
  private final int limit;
  // Borrowed from the channel, returned at close: encoded puts, and the taker's read window.
  private final FileChannel.Buffers buffers;
  private final TxBuffer records;
  private final ReadBuffer reader;
  private long[] takes = new long[16];
  private int takeCount;

  FileTransaction(FileChannel channel) {
    super(channel.id(), channel.counters());
    this.channel = channel;
    this.limit = channel.config().transactionCapacity();
    this.buffers = channel.borrowBuffers();
    this.records = buffers.records();
    this.reader = buffers.reader();
  }

  @Override
  protected void doPut(Event event) {
    channel.counters().putAttempted();
    if (records.puts() >= limit) {
      throw transactionFull("puts", limit);
    }
    records.put(event);
  }

  /** As event-by-event puts, counting the attempts once per batch. */
  @Override
  protected void doPutAll(List<Event> events) {
    int n = events.size();
    int fits = Math.max(0, Math.min(n, limit - records.puts()));
    int done = 0;
    try {
      for (; done < fits; done++) {
        records.put(events.get(done));
      }
    } finally {
      channel.counters().putsAttempted(done < fits ? done + 1 : done); // a failed one counts
    }
    if (fits < n) {
      doPut(events.get(fits)); // over the transaction capacity: the same error as one put
    }
  }

  @Override
  protected Event doTake() {
    return takeOne(channel.keepAliveNanos());
  }

  @Override
  protected Event doTakeNow() {
    return takeOne(0);
  }

  /**
   * Takes a batch: the pointers come off the queue under one lock, then are read in order (from
   * the tail cache or the file, see {@link DataDirLog#readPut(long, ReadBuffer)}). Asking for more
   * than the transaction has room for fails as event-by-event takes would, after taking the rest.
   */
  @Override
  protected void doTakeUpTo(int max, List<Event> out) {
    channel.requireHealthy();
    int room = limit - takeCount;
    if (room <= 0) {
      super.doTakeUpTo(max, out); // fails with the transaction-full error
      return;
    }
    int want = Math.min(max, room);
    if (takeCount + want > takes.length) {
      takes = Arrays.copyOf(takes, Math.max(takeCount + want, takes.length * 2));
    }
    if (batch.length < want) {
      batch = new long[Math.max(want, 64)];
    }
    int n;
    try {
      n = channel.queue().pollUpTo(batch, want, channel.keepAliveNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChannelException(channelId() + ": interrupted while waiting for an event", e);
    }
    // One attempt per event taken, plus the one that found the channel empty, as event by event.
    channel.counters().takesAttempted(n < want ? n + 1 : n);
    for (int i = 0; i < n; i++) {
      long pointer = batch[i];
      Event event;
      try {
        event = channel.read(pointer, reader);
      } catch (RuntimeException e) {
        channel.queue().restore(Arrays.copyOfRange(batch, i, n), n - i);
        throw e;
      }
      takes[takeCount++] = pointer; // a quarantined one too: its TAKE commits it away
      if (event != null) {
        out.add(event);
      }
    }
    if (n == want && max > want) {
      takeOne(0); // over the transaction capacity: the same error as one take too many
    }
  }

  // Pointers polled by doTakeUpTo, reused.
  private long[] batch = new long[0];

  private Event takeOne(long waitNanos) {
    Event event;
    do {
      event = takeOneOrQuarantine(waitNanos);
    } while (event == QUARANTINED);
    return event;
  }

  // Stands for a record that could not be read and was taken into quarantine.
  private static final Event QUARANTINED = Event.of(new byte[0]);

  private Event takeOneOrQuarantine(long waitNanos) {
    channel.requireHealthy();
    channel.counters().takeAttempted();
    if (takeCount >= limit) {
      throw transactionFull("takes", limit);
    }
    long pointer;
    try {
      pointer = channel.queue().poll(waitNanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChannelException(channelId() + ": interrupted while waiting for an event", e);
    }
    if (pointer == Pointer.NONE) {
      return null;
    }
    Event event;
    try {
      event = channel.read(pointer, reader);
    } catch (RuntimeException e) {
      channel.queue().restore(new long[] {pointer}, 1);
      throw e;
    }
    if (takeCount == takes.length) {
      takes = Arrays.copyOf(takes, takeCount * 2);
    }
    takes[takeCount++] = pointer;
    return event == null ? QUARANTINED : event;
  }

  @Override
  protected void doCommit() {
    if (records.puts() == 0 && takeCount == 0) {
      return;
    }
    channel.commit(records, takes, takeCount);
    channel.counters().committed(records.puts(), takeCount);
    clear();
  }

  @Override
  protected void doRollback() {
    channel.queue().restore(takes, takeCount);
    clear();
  }

  @Override
  protected void afterClose() {
    clear();
    channel.returnBuffers(buffers);
    channel.release(this);
  }

  private void clear() {
    records.clear();
    takeCount = 0;
  }
}
