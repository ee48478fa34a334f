package io.sluice.core.channel.memory;

import io.sluice.api.ChannelException;
import io.sluice.api.ChannelFullException;
import io.sluice.api.Event;
import io.sluice.core.channel.AbstractTransaction;
import java.util.ArrayList;
import java.util.List;

/**
 * A transaction on a {@link MemoryChannel}: puts are staged in a private list and appended at
 * commit; takes leave the queue at once, invisible to others, and go back to its head on rollback.
 *
 * <p>Thread-confined (see {@link AbstractTransaction}).
 */
final class MemoryTransaction extends AbstractTransaction {
  private final MemoryChannel channel;
  private final MemoryQueue queue;
  private final int limit;
  private final ArrayList<Slot> puts = new ArrayList<>();
  private final ArrayList<Slot> takes = new ArrayList<>();
  private long putBytes;
  private long takeBytes;
  private DeliveryCountdown receipt;

  MemoryTransaction(MemoryChannel channel, MemoryQueue queue) {
    super(channel.id(), channel.counters());
    this.channel = channel;
    this.queue = queue;
    this.limit = channel.config().transactionCapacity();
  }

  @Override
  protected void doPut(Event event) {
    channel.counters().putAttempted();
    if (puts.size() >= limit) {
      throw transactionFull("puts", limit);
    }
    Slot slot = Slot.of(event);
    puts.add(slot);
    putBytes += slot.bodyBytes();
  }

  @Override
  protected void doPutAll(List<Event> events) {
    if (puts.size() + events.size() > limit) {
      super.doPutAll(events); // stages what fits, then fails on the first that does not
      return;
    }
    channel.counters().putsAttempted(events.size());
    puts.ensureCapacity(puts.size() + events.size());
    for (Event e : events) {
      Slot slot = Slot.of(e);
      puts.add(slot);
      putBytes += slot.bodyBytes();
    }
  }

  @Override
  protected void doTakeUpTo(int max, List<Event> out) {
    int room = limit - takes.size();
    if (room <= 0) {
      super.doTakeUpTo(max, out); // fails with the transaction-full error
      return;
    }
    int want = Math.min(max, room);
    int before = takes.size();
    takes.ensureCapacity(before + want);
    int got;
    try {
      got = queue.pollUpTo(want, channel.keepAliveNanos(), channel.takeLingerNanos(), takes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChannelException(channelId() + ": interrupted while waiting for an event", e);
    }
    // One attempt per event taken, plus the one that found the channel empty, as event by event.
    channel.counters().takesAttempted(got < want ? got + 1 : got);
    for (int i = before; i < takes.size(); i++) {
      Slot slot = takes.get(i);
      takeBytes += slot.bodyBytes();
      out.add(slot.event());
    }
    if (got == want && max > want) {
      takeWithin(0); // over the transaction capacity: the same error as one take too many
    }
  }

  @Override
  protected Event doTake() {
    return takeWithin(channel.keepAliveNanos());
  }

  @Override
  protected Event doTakeNow() {
    return takeWithin(0);
  }

  private Event takeWithin(long waitNanos) {
    channel.counters().takeAttempted();
    if (takes.size() >= limit) {
      throw transactionFull("takes", limit);
    }
    Slot slot;
    try {
      slot = queue.poll(waitNanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChannelException(channelId() + ": interrupted while waiting for an event", e);
    }
    if (slot == null) {
      return null;
    }
    takes.add(slot);
    takeBytes += slot.bodyBytes();
    return slot.event();
  }

  /** Tracks this transaction's puts: the receipt counts them down as sinks commit their takes. */
  DeliveryCountdown track() {
    if (receipt == null) {
      receipt = new DeliveryCountdown();
    }
    return receipt;
  }

  @Override
  protected void doCommit() {
    if (putBytes - takeBytes > channel.byteBudget()) {
      // Could never fit, even in an empty channel: fail now rather than after the keep-alive.
      throw new ChannelFullException(channel.fullMessage(puts.size(), putBytes,
          "its bodies alone exceed the usable byte budget"));
    }
    if (!apply(channel.keepAliveNanos())) {
      throw new ChannelFullException(channel.fullMessage(puts.size(), putBytes,
          "no room appeared within keep-alive " + channel.config().keepAlive()));
    }
  }

  /** Commits only if there is room right now; a batch that can never fit is left to commit(). */
  @Override
  protected boolean doCommitNow() {
    return putBytes - takeBytes <= channel.byteBudget() && apply(0);
  }

  /** Appends the puts and frees the takes' room, waiting up to {@code waitNanos} for room. */
  private boolean apply(long waitNanos) {
    if (puts.isEmpty() && takes.isEmpty()) {
      if (receipt != null) {
        receipt.arm(0);
      }
      return true;
    }
    if (receipt != null) {
      for (Slot s : puts) {
        s.receipt = receipt;
      }
    }
    boolean applied;
    try {
      applied = queue.commit(puts, putBytes, takes.size(), takeBytes, waitNanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChannelException(channelId() + ": interrupted while waiting for room to commit", e);
    }
    if (!applied) {
      return false;
    }
    channel.counters().committed(puts.size(), takes.size());
    if (receipt != null) {
      receipt.arm(puts.size());
    }
    for (Slot s : takes) {
      if (s.receipt != null) {
        s.receipt.taken();
      }
    }
    clear();
    return true;
  }

  @Override
  protected void doRollback() {
    queue.restore(takes);
    clear();
  }

  @Override
  protected void afterClose() {
    clear();
    channel.release(this);
  }

  private void clear() {
    puts.clear();
    takes.clear();
    putBytes = 0;
    takeBytes = 0;
    receipt = null;
  }
}
