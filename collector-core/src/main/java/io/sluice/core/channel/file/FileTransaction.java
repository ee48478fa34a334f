package io.sluice.core.channel.file;

import io.sluice.api.ChannelException;
import io.sluice.api.Event;
import io.sluice.core.channel.AbstractTransaction;
import java.util.Arrays;

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
  private final TxBuffer records = new TxBuffer();
  private long[] takes = new long[16];
  private int takeCount;

  FileTransaction(FileChannel channel) {
    super(channel.id());
    this.channel = channel;
    this.limit = channel.config().transactionCapacity();
  }

  @Override
  protected void doPut(Event event) {
    channel.counters().putAttempted();
    if (records.puts() >= limit) {
      throw transactionFull("puts", limit);
    }
    records.put(event);
  }

  @Override
  protected Event doTake() {
    channel.counters().takeAttempted();
    if (takeCount >= limit) {
      throw transactionFull("takes", limit);
    }
    long pointer;
    try {
      pointer = channel.queue().poll(channel.keepAliveNanos());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChannelException(channelId() + ": interrupted while waiting for an event", e);
    }
    if (pointer == Pointer.NONE) {
      return null;
    }
    Event event;
    try {
      event = channel.read(pointer);
    } catch (RuntimeException e) {
      channel.queue().restore(new long[] {pointer}, 1);
      throw e;
    }
    if (takeCount == takes.length) {
      takes = Arrays.copyOf(takes, takeCount * 2);
    }
    takes[takeCount++] = pointer;
    return event;
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
    channel.release(this);
  }

  private void clear() {
    records.clear();
    takeCount = 0;
  }
}
