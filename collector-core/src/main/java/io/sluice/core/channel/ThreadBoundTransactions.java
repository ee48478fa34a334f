package io.sluice.core.channel;

import java.lang.ref.WeakReference;
import java.util.function.Supplier;

/**
 * Gives each thread at most one open transaction on one channel: {@link #current()} returns the
 * calling thread's transaction until it is closed, then a new one, or (built with
 * {@link #reusing}) the same one made new again, as Flume allows. Thread-safe (state is per
 * thread).
 *
 * @param <T> the channel's transaction type
 */
public final class ThreadBoundTransactions<T extends AbstractTransaction> {
  // Per instance, not static: each channel binds its own transactions.
  private final ThreadLocal<Slot<T>> slots = new ThreadLocal<>();
  private final Supplier<T> newTransaction;
  private final boolean reuse;

  /** A thread's open transaction, and its closed one kept weakly for reuse. */
  private static final class Slot<T> {
    T open;
    WeakReference<T> spare;
  }

  /** Each closed transaction is replaced by a new one. */
  public ThreadBoundTransactions(Supplier<T> newTransaction) {
    this(newTransaction, false);
  }

  private ThreadBoundTransactions(Supplier<T> newTransaction, boolean reuse) {
    this.newTransaction = newTransaction;
    this.reuse = reuse;
  }

  /**
   * A thread's closed transaction is handed to it again, new: a busy thread then allocates no
   * transaction (and no staging arrays) per batch. Only for transactions that leave nothing
   * behind at close.
   */
  public static <T extends AbstractTransaction> ThreadBoundTransactions<T> reusing(Supplier<T> newTransaction) {
    return new ThreadBoundTransactions<>(newTransaction, true);
  }

  public T current() {
    Slot<T> slot = slots.get();
    if (slot == null) {
      slot = new Slot<>();
      slots.set(slot);
    }
    T tx = slot.open;
    if (tx != null && !tx.isClosed()) {
      return tx;
    }
    T spare = reuse && slot.spare != null ? slot.spare.get() : null;
    if (spare != null && spare.isClosed()) {
      spare.reopen();
      tx = spare;
    } else {
      tx = newTransaction.get();
      if (reuse) {
        slot.spare = new WeakReference<>(tx);
      }
    }
    slot.open = tx;
    return tx;
  }

  /** Whether {@code tx} is the calling thread's open transaction (creates none). */
  public boolean isCurrent(T tx) {
    Slot<T> slot = slots.get();
    return slot != null && slot.open == tx && tx != null && !tx.isClosed();
  }

  /**
   * Forgets a closed transaction so a long-lived thread does not keep the channel reachable
   * (the thread-local value would otherwise pin it after a reload); a reusable one stays only
   * weakly held.
   */
  public void release(T tx) {
    Slot<T> slot = slots.get();
    if (slot != null && slot.open == tx) {
      slot.open = null;
    }
  }
}
