package io.sluice.core.channel.memory;

import io.sluice.api.ChannelException;
import io.sluice.api.ChannelFullException;
import io.sluice.api.Event;
import io.sluice.api.OversizedBatchException;
import io.sluice.core.channel.AbstractTransaction;
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
  // Reused by every transaction of this thread: staging an event allocates nothing.
  private final EventBatch puts;
  private final EventBatch takes;
  private DeliveryCountdown receipt;

  MemoryTransaction(MemoryChannel channel, MemoryQueue queue) {
    super(channel.id(), channel.counters());
    this.channel = channel;
    this.queue = queue;
    this.limit = channel.config().transactionCapacity();
    this.puts = new EventBatch(Math.min(limit, 128));
    this.takes = new EventBatch(Math.min(limit, 128));
  }

  @Override
  protected void doPut(Event event) {
    channel.counters().putAttempted();
    if (puts.count() >= limit) {
      throw transactionFull("puts", limit);
    }
    puts.add(event);
  }

  @Override
  protected void doPutAll(List<Event> events) {
    if (puts.count() + events.size() > limit) {
      super.doPutAll(events); // stages what fits, then fails on the first that does not
      return;
    }
    channel.counters().putsAttempted(events.size());
    puts.addAll(events);
  }

  @Override
  protected void doTakeUpTo(int max, List<Event> out) {
    int room = limit - takes.count();
    if (room <= 0) {
      super.doTakeUpTo(max, out); // fails with the transaction-full error
      return;
    }
    int want = Math.min(max, room);
    int before = takes.count();
    int got;
    try {
      got = queue.pollUpTo(want, channel.keepAliveNanos(), channel.takeLingerNanos(), takes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChannelException(channelId() + ": interrupted while waiting for an event", e);
    }
    // One attempt per event taken, plus the one that found the channel empty, as event by event.
    channel.counters().takesAttempted(got < want ? got + 1 : got);
    for (int i = before; i < takes.count(); i++) {
      out.add(takes.event(i));
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
    if (takes.count() >= limit) {
      throw transactionFull("takes", limit);
    }
    boolean took;
    try {
      took = queue.poll(waitNanos, takes);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChannelException(channelId() + ": interrupted while waiting for an event", e);
    }
    return took ? takes.event(takes.count() - 1) : null;
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
    refuseIfNeverFits();
    if (!apply(channel.keepAliveNanos())) {
      throw new ChannelFullException(channel.fullMessage(puts.count(), puts.bytes(),
          "no room appeared within keep-alive " + channel.config().keepAlive()));
    }
  }

  /**
   * Commits only if there is room right now; a batch that can never fit throws as in commit(), so
   * that a caller that never waits does not take it for a channel with no room yet.
   */
  @Override
  protected boolean doCommitNow() {
    refuseIfNeverFits();
    return apply(0);
  }

  /** Could never fit, even in an empty channel: fail at once rather than after the keep-alive. */
  private void refuseIfNeverFits() {
    if (puts.bytes() - takes.bytes() > channel.byteBudget()) {
      throw new OversizedBatchException(channel.oversizedMessage(puts.count(), puts.bytes()), 0);
    }
  }

  /** Appends the puts and frees the takes' room, waiting up to {@code waitNanos} for room. */
  private boolean apply(long waitNanos) {
    if (puts.isEmpty() && takes.isEmpty()) {
      if (receipt != null) {
        receipt.arm(0);
      }
      return true;
    }
    boolean applied;
    try {
      applied = queue.commit(puts, receipt, takes.count(), takes.bytes(), waitNanos);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChannelException(channelId() + ": interrupted while waiting for room to commit", e);
    }
    if (!applied) {
      return false;
    }
    channel.counters().committed(puts.count(), takes.count());
    if (receipt != null) {
      receipt.arm(puts.count());
    }
    countDownTaken();
    clear();
    return true;
  }

  /** Counts the committed takes down on their receipts, one update per run of the same receipt. */
  private void countDownTaken() {
    DeliveryCountdown run = null;
    int n = 0;
    for (int i = 0, count = takes.count(); i < count; i++) {
      DeliveryCountdown r = takes.receipt(i);
      if (r != run) {
        if (run != null) {
          run.taken(n);
        }
        run = r;
        n = 0;
      }
      n++;
    }
    if (run != null) {
      run.taken(n);
    }
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
    receipt = null;
  }
}
