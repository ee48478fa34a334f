package io.sluice.flumecompat.bridge;

import org.apache.flume.ChannelException;
import org.apache.flume.Event;
import org.apache.flume.Transaction;
import org.apache.flume.lifecycle.LifecycleState;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Flume {@code Channel} a Flume sink is given, over the Sluice channel it drains. As in Flume,
 * {@link #getTransaction()} returns the calling thread's transaction until it is closed, and
 * {@link #put}/{@link #take} act on that transaction (which must be open). Sluice owns the
 * channel's lifecycle: {@code start}/{@code stop} do nothing here.
 */
final class ChannelFacade implements org.apache.flume.Channel {
  private static final Logger LOG = LoggerFactory.getLogger(ChannelFacade.class);

  private final io.sluice.api.Channel channel;
  private final ThreadLocal<TransactionFacade> current = new ThreadLocal<>();

  ChannelFacade(io.sluice.api.Channel channel) {
    this.channel = channel;
  }

  @Override
  public Transaction getTransaction() {
    TransactionFacade tx = current.get();
    if (tx == null || tx.isClosed()) {
      tx = new TransactionFacade(channel.getTransaction(), channel.getName(), this::ended);
      current.set(tx);
    }
    return tx;
  }

  @Override
  public void put(Event event) throws ChannelException {
    open("put").put(Events.toSluice(event));
  }

  @Override
  public Event take() throws ChannelException {
    return Events.toFlume(open("take").take());
  }

  /**
   * Rolls back and closes a transaction the calling thread left open (a sink's {@code process()}
   * that returned or threw without closing it), so the next step starts clean as Sluice's runner
   * expects; its events stay in the channel.
   */
  void endAbandoned(String sink) {
    TransactionFacade tx = current.get();
    if (tx != null && !tx.isClosed()) {
      LOG.warn("Flume sink {} left a transaction on channel {} open; rolling it back", sink,
          channel.getName());
      tx.abandon();
    }
  }

  private TransactionFacade open(String what) {
    TransactionFacade tx = current.get();
    if (tx == null || !tx.isOpen()) {
      throw new IllegalStateException(what + "() on channel " + channel.getName()
          + " outside a begun transaction (call getTransaction().begin() first)");
    }
    return tx;
  }

  private void ended(TransactionFacade tx) {
    if (current.get() == tx) {
      current.remove();
    }
  }

  @Override
  public void setName(String name) {
    // The Sluice channel keeps its own name.
  }

  @Override
  public String getName() {
    return channel.getName();
  }

  @Override
  public void start() {
    // Sluice starts its channels.
  }

  @Override
  public void stop() {
    // Sluice stops its channels.
  }

  @Override
  public LifecycleState getLifecycleState() {
    return LifecycleState.START;
  }

  @Override
  public String toString() {
    return "channel " + channel.getName();
  }
}
