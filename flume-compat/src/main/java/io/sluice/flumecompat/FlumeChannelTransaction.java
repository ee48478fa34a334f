package io.sluice.flumecompat;

import io.sluice.api.Event;
import io.sluice.core.channel.AbstractTransaction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Sluice transaction of a {@link FlumeChannel}: Sluice's state machine (thread-bound, a failed
 * commit stays open for the rollback, {@code close()} rolls back), each step passed on to the
 * calling thread's Flume transaction. That one is begun at the first put, take or commit, so a
 * transaction that did nothing never touches the Flume channel. Flume has no take that does not
 * wait: a batch take's last, empty take waits for the Flume channel's own keep-alive, as a Flume
 * sink's does under Flume.
 */
final class FlumeChannelTransaction extends AbstractTransaction {
  private static final Logger LOG = LoggerFactory.getLogger(FlumeChannelTransaction.class);

  private final FlumeChannel channel;
  private FlumeChannelPort.Tx flume;
  private int puts;
  private int takes;

  FlumeChannelTransaction(FlumeChannel channel) {
    super(channel.id(), channel.counters());
    this.channel = channel;
  }

  private FlumeChannelPort.Tx flume() {
    if (flume == null) {
      flume = channel.port().begin();
    }
    return flume;
  }

  @Override
  protected void doPut(Event event) {
    channel.counters().putAttempted();
    flume().put(event);
    puts++;
  }

  @Override
  protected Event doTake() {
    channel.counters().takeAttempted();
    Event e = flume().take();
    if (e != null) {
      takes++;
    }
    return e;
  }

  @Override
  protected void doCommit() {
    if (flume != null) {
      flume.commit();
    }
    channel.committed(puts, takes);
  }

  @Override
  protected void doRollback() {
    if (flume != null) {
      flume.rollback();
    }
  }

  /** Closes the Flume transaction; a close Flume refuses (its rollback failed) is logged, not thrown. */
  @Override
  protected void afterClose() {
    try {
      if (flume != null) {
        flume.close();
      }
    } catch (RuntimeException e) {
      LOG.warn("{}: closing its Flume transaction failed", channel, e);
    } finally {
      channel.release(this);
    }
  }
}
