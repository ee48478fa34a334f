package io.sluice.flumecompat;

import io.sluice.api.Channel;
import io.sluice.api.Transaction;
import io.sluice.api.spi.ComponentContext;
import io.sluice.api.spi.ComponentMetrics;
import io.sluice.core.channel.ChannelCounters;
import io.sluice.core.channel.ChannelId;
import io.sluice.core.channel.ThreadBoundTransactions;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A channel of a Flume {@code Channel} class (the user's, or Flume's own from plugins.d), run as
 * any Sluice channel: Sluice's sources and sinks use it through Sluice's transactions
 * ({@link FlumeChannelTransaction}), and Flume's lifecycle and {@code configure(Context)} are
 * called as Flume calls them. What the Flume channel stores, and where (a checkpoint, a database),
 * stays its own business.
 *
 * <p>Metrics are Sluice's channel counters under Flume's names, counted here. The size and capacity
 * come from the channel's own {@code ChannelCounter} when it keeps one (Flume's channels do);
 * otherwise the size is what was committed through this adapter since it started, and the capacity
 * is unknown ({@link Long#MAX_VALUE}). Its other Flume counters show under their own names.
 *
 * <p>Thread-safe; each thread gets its own transaction from {@link #getTransaction()}.
 */
final class FlumeChannel implements Channel {
  /** What {@link ChannelCounters} registers; the Flume channel's own counters of these are not. */
  private static final Set<String> COUNTED_HERE = Set.of("EventPutAttemptCount",
      "EventPutSuccessCount", "EventTakeAttemptCount", "EventTakeSuccessCount", "ChannelSize",
      "ChannelCapacity", "ChannelFillPercentage");

  private final FlumeChannelPort port;
  private final String flumeClass;
  private final ChannelId id;
  private final ComponentMetrics metrics;
  private final AtomicLong committedHere = new AtomicLong();
  private final ThreadBoundTransactions<FlumeChannelTransaction> transactions;
  private volatile ChannelCounters counters; // set by start(), before any transaction

  FlumeChannel(FlumeChannelPort port, String flumeClass, ComponentContext context) {
    this.port = port;
    this.flumeClass = flumeClass;
    this.id = ChannelId.of(context);
    this.metrics = context.metrics();
    this.transactions = new ThreadBoundTransactions<>(() -> new FlumeChannelTransaction(this));
  }

  @Override
  public void start() {
    try {
      port.start();
    } catch (RuntimeException | LinkageError e) {
      throw new IllegalStateException(this + " failed to start: " + e, e);
    }
    // After start: Flume's channels set their counter's capacity there.
    counters = new ChannelCounters(metrics, this::size, capacity());
    port.exposeCounters(metrics, COUNTED_HERE);
  }

  @Override
  public void stop() {
    port.stop();
  }

  @Override
  public String getName() {
    return id.channel();
  }

  @Override
  public Transaction getTransaction() {
    if (counters == null) {
      throw new IllegalStateException(this + " is not started");
    }
    return transactions.current();
  }

  @Override
  public long size() {
    long flumes = port.size();
    return flumes >= 0 ? flumes : Math.max(0, committedHere.get());
  }

  @Override
  public long capacity() {
    long flumes = port.capacity();
    return flumes > 0 ? flumes : Long.MAX_VALUE;
  }

  FlumeChannelPort port() {
    return port;
  }

  ChannelId id() {
    return id;
  }

  ChannelCounters counters() {
    return counters;
  }

  /** A transaction of this channel committed {@code puts} and {@code takes}. */
  void committed(int puts, int takes) {
    counters.committed(puts, takes);
    committedHere.addAndGet(puts - takes);
  }

  void release(FlumeChannelTransaction tx) {
    transactions.release(tx);
  }

  @Override
  public String toString() {
    return id + " (Flume channel " + flumeClass + ")";
  }
}
