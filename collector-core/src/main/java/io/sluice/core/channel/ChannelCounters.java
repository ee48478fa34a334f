package io.sluice.core.channel;

import io.sluice.api.spi.ComponentMetrics;
import java.util.function.LongSupplier;

/**
 * A channel's metrics under Flume's names: the put/take attempt and success counters and the
 * ChannelSize, ChannelCapacity and ChannelFillPercentage gauges; and its commit durations, put and
 * take apart. Thread-safe.
 */
public final class ChannelCounters {
  private final ComponentMetrics.Counter putAttempts;
  private final ComponentMetrics.Counter putSuccesses;
  private final ComponentMetrics.Counter takeAttempts;
  private final ComponentMetrics.Counter takeSuccesses;
  private final ComponentMetrics.Histogram putCommits;
  private final ComponentMetrics.Histogram takeCommits;

  /**
   * Registers the counters and gauges.
   *
   * @param size events stored now; read without locks, so it must be cheap and non-blocking
   */
  public ChannelCounters(ComponentMetrics metrics, LongSupplier size, long capacity) {
    putAttempts = metrics.counter("EventPutAttemptCount");
    putSuccesses = metrics.counter("EventPutSuccessCount");
    takeAttempts = metrics.counter("EventTakeAttemptCount");
    takeSuccesses = metrics.counter("EventTakeSuccessCount");
    putCommits = metrics.histogram(ComponentMetrics.Timing.CHANNEL_PUT_COMMIT);
    takeCommits = metrics.histogram(ComponentMetrics.Timing.CHANNEL_TAKE_COMMIT);
    metrics.gauge("ChannelSize", size);
    metrics.gauge("ChannelCapacity", () -> capacity);
    metrics.gauge("ChannelFillPercentage", () -> size.getAsLong() * 100 / capacity);
  }

  public void putAttempted() {
    putAttempts.increment();
  }

  public void takeAttempted() {
    takeAttempts.increment();
  }

  /** Counts {@code n} put attempts at once (a batch put). */
  public void putsAttempted(int n) {
    putAttempts.add(n);
  }

  /** Counts {@code n} take attempts at once (a batch take). */
  public void takesAttempted(int n) {
    takeAttempts.add(n);
  }

  /** Times a commit; one that both put and took (rare) counts as a put. */
  public void commitTook(boolean put, long nanos) {
    (put ? putCommits : takeCommits).observeNanos(nanos);
  }

  /** Counts events of a committed transaction. */
  public void committed(int puts, int takes) {
    if (puts > 0) {
      putSuccesses.add(puts);
    }
    if (takes > 0) {
      takeSuccesses.add(takes);
    }
  }
}
