package io.sluice.rpc.server;

import java.time.Duration;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.helpers.MessageFormatter;

/**
 * Keeps a flood of alike warnings (refused connections, closed peers, failed calls) from flooding
 * the log: the first {@link #BURST} of an interval are logged as they come, the rest are only
 * counted and reported in one line when the interval ends, with their number and the last of
 * them. One instance per warning site and server, shared by all its connections; public so the
 * components a server calls into (such as its batch handler) throttle their warnings alike.
 * Thread-safe.
 */
public final class WarnThrottle {
  /** Warnings logged one by one per interval: enough to name the first few culprits. */
  static final int BURST = 10;

  private final Logger log;
  private final String what;
  private final ScheduledExecutorService scheduler;
  private final long intervalNanos;
  private boolean windowOpen;
  private long windowStart;
  private int logged;
  private long heldBack;
  private String lastFormat;
  private Object[] lastArgs;
  private boolean reportScheduled;

  /**
   * @param what the kind of warning, plural, for the summary line ("refused connections")
   * @param scheduler runs the end-of-interval summary
   */
  public WarnThrottle(Logger log, String what, ScheduledExecutorService scheduler,
      Duration interval) {
    this.log = log;
    this.what = what;
    this.scheduler = scheduler;
    this.intervalNanos = interval.toNanos();
  }

  /** As {@code log.warn(format, args)}, unless this interval's burst is used up. */
  public void warn(String format, Object... args) {
    if (admit(format, args)) {
      log.warn(format, args);
    }
  }

  private synchronized boolean admit(String format, Object[] args) {
    long now = System.nanoTime();
    if (!windowOpen || now - windowStart >= intervalNanos) {
      windowOpen = true;
      windowStart = now;
      logged = 0;
    }
    if (logged < BURST) {
      logged++;
      return true;
    }
    heldBack++;
    lastFormat = format;
    lastArgs = args;
    if (!reportScheduled) {
      reportScheduled = true;
      try {
        scheduler.schedule(this::reportHeldBack, windowStart + intervalNanos - now,
            TimeUnit.NANOSECONDS);
      } catch (RejectedExecutionException stopping) {
        reportScheduled = false; // the server is closing: its close() reports them
      }
    }
    return false;
  }

  /** Logs how many warnings were held back, if any; also run when the server closes. */
  public void reportHeldBack() {
    long count;
    String last;
    synchronized (this) {
      reportScheduled = false;
      if (heldBack == 0) {
        return;
      }
      count = heldBack;
      last = MessageFormatter.arrayFormat(lastFormat, lastArgs).getMessage();
      heldBack = 0;
      lastArgs = null;
    }
    log.warn("{} more {} in the last {} ms, not logged one by one; the last: {}", count, what,
        TimeUnit.NANOSECONDS.toMillis(intervalNanos), last);
  }
}
