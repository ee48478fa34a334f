package io.sluice.core.runner;

import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs a stream of failures by state change instead of at full volume: the first failure of a
 * streak at WARN with its stack trace, a different error at WARN, repeats of the same error at DEBUG
 * with a WARN summary at most once per {@code summaryEveryMillis}, and the recovery at INFO.
 *
 * <p>Not thread-safe: owned by the single thread that steps one component.
 */
public final class FailureLog {
  private final Logger log;
  private final String subject;
  private final long summaryEveryNanos;
  private final LongSupplier nanoTime;
  private long streak;
  private String lastSignature;
  private long lastWarnNanos;

  public FailureLog(Logger log, String subject, long summaryEveryMillis, LongSupplier nanoTime) {
    this.log = log;
    this.subject = subject;
    this.summaryEveryNanos = summaryEveryMillis * 1_000_000L;
    this.nanoTime = nanoTime;
  }

  public FailureLog(Logger log, String subject) {
    this(log, subject, 30_000, System::nanoTime);
  }

  /** Records one failure. */
  public void failed(Throwable error) {
    streak++;
    String signature = error.getClass().getName() + ": " + error.getMessage();
    long now = nanoTime.getAsLong();
    if (streak == 1) {
      log.warn("{} failed; backing off", subject, error);
      lastWarnNanos = now;
    } else if (!signature.equals(lastSignature)) {
      log.warn("{} failed again ({} in a row), now with: {}", subject, streak, signature);
      lastWarnNanos = now;
    } else if (now - lastWarnNanos >= summaryEveryNanos) {
      log.warn("{} still failing ({} in a row): {}", subject, streak, signature);
      lastWarnNanos = now;
    } else {
      log.debug("{} failed ({} in a row)", subject, streak, error);
    }
    lastSignature = signature;
  }

  /** Records a success; logs the recovery when it ends a streak. */
  public void succeeded() {
    if (streak > 0) {
      log.info("{} recovered after {} consecutive failure(s)", subject, streak);
      streak = 0;
      lastSignature = null;
    }
  }

  /** Failures since the last success. */
  public long streak() {
    return streak;
  }
}
