package io.sluice.edge.http;

import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * One kind of warning that a client can set off on every request (a failing handler or
 * interceptor, a truncated body): logged at WARN at most once per quiet period, the ones in
 * between at DEBUG and counted into the next WARN line, so a busy source cannot flood its log.
 * Thread-safe: shared by a source's threads.
 */
final class QuietWarnings {
  private static final long NEVER = Long.MIN_VALUE;
  private final Logger log;
  private final long quietNanos;
  private final LongSupplier nanoTime;
  private final AtomicLong lastWarned = new AtomicLong(NEVER);
  private final AtomicLong heldBack = new AtomicLong();

  QuietWarnings(Logger log, long quietMillis, LongSupplier nanoTime) {
    this.log = log;
    this.quietNanos = quietMillis * 1_000_000L;
    this.nanoTime = nanoTime;
  }

  QuietWarnings(Logger log) {
    this(log, 30_000, System::nanoTime);
  }

  /** As {@code log.warn(format, args)} (a last Throwable argument is its stack trace), quietly. */
  void warn(String format, Object... args) {
    long now = nanoTime.getAsLong();
    long last = lastWarned.get();
    if ((last == NEVER || now - last >= quietNanos) && lastWarned.compareAndSet(last, now)) {
      long held = heldBack.getAndSet(0);
      log.warn(held == 0 ? format : format + " (and " + held + " more like it since the last"
          + " such line, logged at DEBUG)", args);
    } else {
      heldBack.incrementAndGet();
      log.debug(format, args);
    }
  }
}
