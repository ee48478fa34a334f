package io.sluice.core.runner;

/**
 * How long a runner waits after a step that backed off or failed: {@code initialMillis} after the
 * first, growing by {@code incrementMillis} per further consecutive backoff, never beyond
 * {@code maxMillis}. Flume's sink runner is {@code linear(1000, 5000)}: 1 s, 2 s, ... 5 s. Immutable.
 */
public record BackoffPolicy(long initialMillis, long incrementMillis, long maxMillis) {

  public BackoffPolicy {
    if (initialMillis < 0 || incrementMillis < 0 || maxMillis < 0) {
      throw new IllegalArgumentException("backoff times must not be negative: initial=" + initialMillis
          + " increment=" + incrementMillis + " max=" + maxMillis);
    }
  }

  /** {@code increment × n}, capped at {@code max}: Flume's runner arithmetic. */
  public static BackoffPolicy linear(long incrementMillis, long maxMillis) {
    return new BackoffPolicy(incrementMillis, incrementMillis, maxMillis);
  }

  /** Flume's sink-runner defaults: 1 s more per consecutive backoff, at most 5 s. */
  public static BackoffPolicy sinkDefault() {
    return linear(1000, 5000);
  }

  /** The wait after the {@code consecutiveBackoffs}-th backoff in a row; 0 when there was none. */
  public long delayMillis(int consecutiveBackoffs) {
    if (consecutiveBackoffs <= 0) {
      return 0;
    }
    // Saturating arithmetic: a long streak must not overflow into a negative wait.
    long steps = consecutiveBackoffs - 1L;
    long growth = incrementMillis == 0 ? 0 : (steps > maxMillis / incrementMillis ? maxMillis : steps * incrementMillis);
    long delay = initialMillis + growth;
    return delay < 0 ? maxMillis : Math.min(maxMillis, delay);
  }
}
