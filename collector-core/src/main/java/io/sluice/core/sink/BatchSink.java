package io.sluice.core.sink;

import io.sluice.api.Channel;
import io.sluice.api.Event;
import io.sluice.api.EventDeliveryException;
import io.sluice.api.Sink;
import io.sluice.api.Status;
import io.sluice.api.Transaction;
import io.sluice.api.spi.ComponentMetrics;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The one-transaction-per-step skeleton of a sink: take up to a batch, {@link #deliver} it, commit
 * only after delivery returned (so whatever {@code deliver} made durable is durable before the
 * channel forgets the events), and roll back otherwise. An empty channel gives BACKOFF. Any failure,
 * including a channel failure, rolls back and becomes an {@link EventDeliveryException} naming the
 * sink and its channel, which is what drives failover and load balancing.
 *
 * <p>A sink whose {@link #parallelism()} is above 1 is stepped by that many runners at once, each
 * with a transaction of its own. The take and the {@link #handOff} of a step happen under one lock,
 * so batches reach the destination in the order the channel gave them; only the waits for
 * durability ({@link Pending#await()}) and the commits overlap. Everything a subclass does before
 * its hand-off returns is therefore still called by one thread at a time; {@code await},
 * {@link #committed()} and {@link #commitFailed} may run concurrently when the parallelism is
 * above 1, and {@code stop()} may come from another thread.
 */
public abstract class BatchSink implements Sink {
  private final String name;
  private final Channel channel;
  private final int batchSize;
  private final SinkCounters counters;
  private final ReentrantLock handOffOrder = new ReentrantLock();

  /** A batch handed on whose durability is still to be waited for. */
  @FunctionalInterface
  protected interface Pending {
    /** Returns once the batch is as durable as the sink makes it; throws if it never will be. */
    void await() throws Exception;
  }

  private static final Pending DELIVERED = () -> {};

  protected BatchSink(String name, Channel channel, int batchSize, ComponentMetrics metrics) {
    this.name = name;
    this.channel = channel;
    this.batchSize = batchSize;
    this.counters = new SinkCounters(metrics);
  }

  /**
   * Whether the age of delivered events is recorded (stage {@code delivery}); a sink that reads
   * its events anyway makes that a header lookup on data already in the cache.
   */
  protected boolean recordsDeliveryAges() {
    return true;
  }

  /** Called at the start of every step, before the take, even when the channel is empty. */
  protected void beforeBatch() throws Exception {}

  /** Delivers a non-empty batch; returns only when the batch is as durable as this sink makes it. */
  protected abstract void deliver(List<Event> batch) throws Exception;

  /**
   * Hands a non-empty batch on and returns what the step waits for before it commits, outside the
   * hand-off lock. The default delivers the whole batch here ({@link #deliver}); a sink whose
   * destination acknowledges asynchronously sends here and waits in the returned {@link Pending},
   * so that with a parallelism above 1 the next batch is sent while this one is acknowledged.
   */
  protected Pending handOff(List<Event> batch) throws Exception {
    deliver(batch);
    return DELIVERED;
  }

  /** Called once the channel committed the batch {@link #deliver} returned for. Must not throw. */
  protected void committed() {}

  /**
   * Called, after the rollback, when {@link #deliver} returned but the channel could not commit
   * the batch: the channel normally delivers it again, though a commit that failed mid-way may
   * have taken effect. Must not throw.
   */
  protected void commitFailed(List<Event> batch) {}

  @Override
  public final Status process() throws EventDeliveryException {
    try (Transaction tx = channel.getTransaction()) {
      tx.begin();
      List<Event> awaitingCommit = null;
      try {
        long start;
        List<Event> batch;
        Pending pending;
        handOffOrder.lockInterruptibly();
        try {
          beforeBatch();
          batch = tx.take(batchSize);
          counters.taken(batch.size(), batchSize);
          if (batch.isEmpty()) {
            tx.commit();
            return Status.BACKOFF;
          }
          // Timed from here: the take's wait for a first event is idle time, not the batch's.
          start = System.nanoTime();
          pending = handOff(batch);
        } finally {
          handOffOrder.unlock();
        }
        pending.await();
        awaitingCommit = batch;
        tx.commit();
        awaitingCommit = null;
        committed();
        counters.delivered(batch, System.nanoTime() - start, recordsDeliveryAges());
        return Status.READY;
      } catch (Exception | Error e) {
        if (e instanceof InterruptedException) {
          Thread.currentThread().interrupt(); // the runner is stopping: say so to what it does next
        }
        rollbackQuietly(tx, e);
        if (awaitingCommit != null) {
          commitFailed(awaitingCommit);
        }
        if (e instanceof Error err) {
          throw err;
        }
        throw new EventDeliveryException("sink " + name + " failed to deliver a batch from channel "
            + channel.getName() + ": " + e, e);
      }
    }
  }

  private static void rollbackQuietly(Transaction tx, Throwable primary) {
    try {
      tx.rollback();
    } catch (RuntimeException r) {
      primary.addSuppressed(r);
    }
  }

  public final String name() {
    return name;
  }

  protected final Channel channel() {
    return channel;
  }

  public final int batchSize() {
    return batchSize;
  }
}
