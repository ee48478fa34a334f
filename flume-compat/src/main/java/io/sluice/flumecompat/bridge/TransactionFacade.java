package io.sluice.flumecompat.bridge;

import io.sluice.api.ChannelFullException;
import java.util.function.Consumer;
import org.apache.flume.ChannelException;

/**
 * Flume's {@code Transaction} over a Sluice transaction: {@code begin}, {@code commit},
 * {@code rollback} and {@code close} map one to one, and Sluice's channel exceptions become
 * Flume's ({@code ChannelFullException} included), which is what Flume sinks catch. One
 * difference, Sluice's: {@code close()} on a transaction neither committed nor rolled back rolls it
 * back instead of throwing. Confined to the thread that got it.
 */
final class TransactionFacade implements org.apache.flume.Transaction {
  private enum State { NEW, OPEN, DONE, CLOSED }

  private final io.sluice.api.Transaction tx;
  private final String channel;
  private final Consumer<TransactionFacade> onClose;
  private State state = State.NEW;

  TransactionFacade(io.sluice.api.Transaction tx, String channel,
      Consumer<TransactionFacade> onClose) {
    this.tx = tx;
    this.channel = channel;
    this.onClose = onClose;
  }

  boolean isOpen() {
    return state == State.OPEN;
  }

  boolean isClosed() {
    return state == State.CLOSED;
  }

  @Override
  public void begin() {
    if (state != State.NEW) {
      throw new IllegalStateException("begin() on a transaction of channel " + channel
          + " that is " + state);
    }
    call(tx::begin);
    state = State.OPEN;
  }

  void put(io.sluice.api.Event event) {
    call(() -> tx.put(event));
  }

  io.sluice.api.Event take() {
    io.sluice.api.Event[] taken = new io.sluice.api.Event[1];
    call(() -> taken[0] = tx.take());
    return taken[0];
  }

  @Override
  public void commit() {
    if (state != State.OPEN) {
      throw new IllegalStateException("commit() on a transaction of channel " + channel
          + " that is " + state);
    }
    call(tx::commit);
    state = State.DONE;
  }

  @Override
  public void rollback() {
    if (state != State.OPEN) {
      throw new IllegalStateException("rollback() on a transaction of channel " + channel
          + " that is " + state);
    }
    state = State.DONE;
    call(tx::rollback);
  }

  @Override
  public void close() {
    if (state == State.CLOSED) {
      return;
    }
    state = State.CLOSED;
    try {
      tx.close();
    } finally {
      onClose.accept(this);
    }
  }

  /** Rolls back (if open) and closes, whatever the state. */
  void abandon() {
    state = State.DONE;
    close();
  }

  private void call(Runnable r) {
    try {
      r.run();
    } catch (ChannelFullException e) {
      throw new org.apache.flume.ChannelFullException(e.getMessage(), e);
    } catch (io.sluice.api.ChannelException e) {
      throw new ChannelException(e.getMessage(), e);
    }
  }
}
