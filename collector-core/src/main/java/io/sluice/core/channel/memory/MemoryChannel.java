package io.sluice.core.channel.memory;

import io.sluice.api.Channel;
import io.sluice.api.DeliveryReceipt;
import io.sluice.api.DeliveryTracking;
import io.sluice.api.Transaction;
import io.sluice.api.spi.ComponentContext;
import io.sluice.core.channel.ChannelCounters;
import io.sluice.core.channel.ChannelId;
import io.sluice.core.channel.ThreadBoundTransactions;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's {@code memory} channel: a FIFO in the heap, bounded by {@code capacity} events and by
 * the usable part of {@code byteCapacity} in body bytes. Its contents are lost when the process
 * stops.
 *
 * <p>Room is checked at commit (see {@link MemoryQueue}): a commit whose puts do not fit waits up to
 * {@code keep-alive}, then throws {@link io.sluice.api.ChannelFullException} and leaves the
 * transaction open for the caller to roll back. A take waits up to {@code keep-alive} for an event.
 * Events taken count against capacity until their transaction commits.
 *
 * <p>Thread-safe; each thread gets its own transaction from {@link #getTransaction()}.
 */
public final class MemoryChannel implements Channel, DeliveryTracking {
  private static final Logger LOG = LoggerFactory.getLogger(MemoryChannel.class);

  private final MemoryChannelConfig config;
  private final ChannelId id;
  private final MemoryQueue queue;
  private final long byteBudget;
  private final long keepAliveNanos;
  private final long takeLingerNanos;
  private final ChannelCounters counters;
  private final ThreadBoundTransactions<MemoryTransaction> transactions;

  public MemoryChannel(MemoryChannelConfig config, ComponentContext context) {
    this.config = config;
    this.id = ChannelId.of(context);
    this.byteBudget = config.usableBodyBytes();
    this.queue = new MemoryQueue(config.capacity(), byteBudget);
    this.keepAliveNanos = TimeUnit.NANOSECONDS.convert(config.keepAlive());
    this.takeLingerNanos = TimeUnit.NANOSECONDS.convert(config.takeLinger());
    this.counters = new ChannelCounters(context.metrics(), queue::size, config.capacity());
    // A closed transaction keeps nothing (afterClose clears it), so its thread reuses it.
    this.transactions = ThreadBoundTransactions.reusing(() -> new MemoryTransaction(this, queue));
  }

  @Override
  public String getName() {
    return id.channel();
  }

  /** Memory is lost with the process, so sources that can re-read ask when their events left it. */
  @Override
  public DeliveryReceipt track(Transaction transaction) {
    if (!(transaction instanceof MemoryTransaction t) || !transactions.isCurrent(t)) {
      throw new IllegalArgumentException("channel " + getName() + ": can only track its own open transaction");
    }
    return t.track();
  }

  /** A commit only moves events within the heap: with room, it waits for nothing. */
  @Override
  public boolean canCommitNow() {
    return true;
  }

  @Override
  public Transaction getTransaction() {
    return transactions.current();
  }

  @Override
  public long size() {
    return queue.size();
  }

  @Override
  public long capacity() {
    return config.capacity();
  }

  @Override
  public int transactionCapacity() {
    return config.transactionCapacity();
  }

  @Override
  public long transactionBodyBytes() {
    return byteBudget;
  }

  @Override
  public void stop() {
    long lost = queue.size();
    if (lost > 0) {
      LOG.warn("{} stopped holding {} events; a memory channel does not keep them", id, lost);
    }
  }

  @Override
  public String toString() {
    return "MemoryChannel{" + id.channel() + ", size=" + size() + "/" + capacity() + "}";
  }

  MemoryChannelConfig config() {
    return config;
  }

  ChannelId id() {
    return id;
  }

  ChannelCounters counters() {
    return counters;
  }

  long keepAliveNanos() {
    return keepAliveNanos;
  }

  /** Takers waiting for their batch to fill (for tests). */
  int lingeringTakers() {
    return queue.lingeringTakers();
  }

  long takeLingerNanos() {
    return takeLingerNanos;
  }

  long byteBudget() {
    return byteBudget;
  }

  void release(MemoryTransaction tx) {
    transactions.release(tx);
  }

  /** The text for a transaction whose bodies alone exceed the byte budget, and what to do. */
  String oversizedMessage(int events, long bodyBytes) {
    return id + " can never take " + events + " events of " + bodyBytes + " body bytes: more than"
        + " its whole usable byte budget of " + byteBudget + " (byteCapacity "
        + config.byteCapacity() + " with " + config.byteCapacityBufferPercentage()
        + "% kept for headers); put fewer events at once or raise " + id.key("byteCapacity");
  }

  /** The ChannelFullException text: the channel, both limits, how full it is, and what to do. */
  String fullMessage(int events, long bodyBytes, String reason) {
    String bytes = config.byteCapacity() == 0
        ? "byteCapacity unlimited"
        : "byteCapacity " + config.byteCapacity() + " with " + config.byteCapacityBufferPercentage()
            + "% kept for headers, so " + byteBudget + " body bytes usable, " + queue.heldBytes()
            + " held";
    return id + " is full: cannot commit " + events + " events of " + bodyBytes + " body bytes, "
        + reason + " (capacity " + config.capacity() + ", holding " + queue.size() + "; " + bytes
        + "). Roll back and retry later; if this persists, its sinks are too slow or stopped, or raise "
        + id.key("capacity") + " / " + id.key("byteCapacity");
  }
}
