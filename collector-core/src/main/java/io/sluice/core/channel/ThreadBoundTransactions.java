package io.sluice.core.channel;

import java.util.function.Supplier;

/**
 * Gives each thread at most one open transaction on one channel: {@link #current()} returns the
 * calling thread's transaction until it is closed, then a new one. Thread-safe (state is per
 * thread).
 *
 * @param <T> the channel's transaction type
 */
public final class ThreadBoundTransactions<T extends AbstractTransaction> {
  // Per instance, not static: each channel binds its own transactions.
  private final ThreadLocal<T> current = new ThreadLocal<>();
  private final Supplier<T> newTransaction;

  public ThreadBoundTransactions(Supplier<T> newTransaction) {
    this.newTransaction = newTransaction;
  }

  public T current() {
    T tx = current.get();
    if (tx == null || tx.isClosed()) {
      tx = newTransaction.get();
      current.set(tx);
    }
    return tx;
  }

  /**
   * Forgets a closed transaction so a long-lived thread does not keep the channel reachable
   * (the thread-local value would otherwise pin it after a reload).
   */
  public void release(T tx) {
    if (current.get() == tx) {
      current.remove();
    }
  }
}
