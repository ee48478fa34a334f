package com.example;

import org.apache.flume.Channel;
import org.apache.flume.Context;
import org.apache.flume.EventDeliveryException;
import org.apache.flume.Transaction;
import org.apache.flume.conf.Configurable;
import org.apache.flume.sink.AbstractSink;

/**
 * A slow destination: takes up to {@code batchSize} (1000) events per transaction and discards
 * them, sleeping so that it never takes more than {@code rate} events per second on average. It
 * never returns BACKOFF (an empty channel costs a short sleep, {@code idleMillis}, 1 ms), so the
 * drain rate is set by this sink, not by the agent's sink-runner backoff: the same slow sink for
 * any agent that loads Flume sinks by class. The agents' channel counters show what it took.
 * Built against Flume 1.11.
 */
public class ThrottledSink extends AbstractSink implements Configurable {
  private long rate;
  private int batchSize;
  private long idleMillis;
  private long startNanos;
  private long taken;

  @Override
  public void configure(Context context) {
    rate = context.getLong("rate", 0L);
    if (rate <= 0) {
      throw new IllegalArgumentException("rate (events per second) must be positive, not " + rate);
    }
    batchSize = context.getInteger("batchSize", 1000);
    idleMillis = context.getLong("idleMillis", 1L);
  }

  @Override
  public synchronized void start() {
    startNanos = System.nanoTime();
    taken = 0;
    super.start();
  }

  @Override
  public Status process() throws EventDeliveryException {
    Channel channel = getChannel();
    Transaction tx = channel.getTransaction();
    int n = 0;
    tx.begin();
    try {
      while (n < batchSize && channel.take() != null) {
        n++;
      }
      tx.commit();
    } catch (RuntimeException e) {
      tx.rollback();
      throw new EventDeliveryException("take failed", e);
    } finally {
      tx.close();
    }
    try {
      if (n == 0) {
        // idle time does not bank credit for a later burst
        startNanos = System.nanoTime() - taken * 1_000_000_000L / rate;
        Thread.sleep(idleMillis);
        return Status.READY;
      }
      taken += n;
      long dueNanos = startNanos + taken * 1_000_000_000L / rate;
      long wait = dueNanos - System.nanoTime();
      if (wait > 0) {
        Thread.sleep(wait / 1_000_000L, (int) (wait % 1_000_000L));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt(); // stopping
    }
    return Status.READY;
  }
}
