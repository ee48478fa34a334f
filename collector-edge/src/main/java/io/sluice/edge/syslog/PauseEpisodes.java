package io.sluice.edge.syslog;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A TCP syslog source's channel-full episodes: an episode starts when a first connection stops
 * reading because the channel refused its batch, and ends when no connection is paused any more.
 * Every episode is counted ({@code ChannelFullEpisodes}); its start is logged once (WARN) and its
 * end once (INFO). A channel drained just fast enough starts episodes back to back, so after a
 * logged one the next ones go to DEBUG for {@code quietMillis}. Thread-safe.
 */
final class PauseEpisodes {
  private static final Logger LOG = LoggerFactory.getLogger(SyslogTcpSource.class);
  private final String source;
  private final SyslogCounters counters;
  private final long quietNanos;
  private final LongSupplier nanoTime;
  private final AtomicInteger paused = new AtomicInteger();
  private final AtomicLong since = new AtomicLong();
  private final AtomicLong lastWarned = new AtomicLong();
  private volatile boolean everWarned;
  private volatile boolean warned;

  PauseEpisodes(String source, SyslogCounters counters, long quietMillis, LongSupplier nanoTime) {
    this.source = source;
    this.counters = counters;
    this.quietNanos = quietMillis * 1_000_000L;
    this.nanoTime = nanoTime;
  }

  PauseEpisodes(String source, SyslogCounters counters) {
    this(source, counters, 30_000, System::nanoTime);
  }

  void paused(RuntimeException cause) {
    if (paused.getAndIncrement() != 0) {
      return;
    }
    long now = nanoTime.getAsLong();
    since.set(now);
    counters.channelFullEpisodes.increment();
    String why = cause.getMessage() == null ? cause.toString() : cause.getMessage();
    if (everWarned && now - lastWarned.get() < quietNanos) {
      warned = false;
      LOG.debug("Source {}: the channel refused a batch ({}); reads paused again", source, why);
      return;
    }
    everWarned = true;
    warned = true;
    lastWarned.set(now);
    LOG.warn("Source {}: the channel refused a batch ({}); connections with a refused batch stop"
        + " reading (their senders are slowed down by TCP) and retry; nothing is dropped (further"
        + " episodes within {} s are logged at DEBUG, all are counted in ChannelFullEpisodes)",
        source, why, quietNanos / 1_000_000_000L);
  }

  /** After a stop: connections paused then are gone, so the next refusal starts an episode. */
  void reset() {
    paused.set(0);
  }

  void resumed() {
    if (paused.decrementAndGet() == 0) {
      long ms = (nanoTime.getAsLong() - since.get()) / 1_000_000;
      if (warned) {
        LOG.info("Source {}: the channel accepts again; reading resumed after {} ms", source, ms);
      } else {
        LOG.debug("Source {}: reading resumed after {} ms", source, ms);
      }
    }
  }
}
