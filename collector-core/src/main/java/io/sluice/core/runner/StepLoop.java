package io.sluice.core.runner;

import io.sluice.api.EventDeliveryException;
import io.sluice.api.Status;
import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The loop shared by {@link SinkRunner} and {@link PollableSourceRunner}: call one step, back off
 * on BACKOFF or failure, stop on request. The backoff wait is a condition wait that {@link #stop}
 * signals, so a stopping runner never sits out its backoff; a step in flight is allowed to finish
 * (its transaction commits or rolls back on its own) and is interrupted only after the grace period.
 *
 * <p>Thread-safe: {@link #start}, {@link #stop} and the accessors may be called from any thread;
 * {@link #runOnce} must not be called concurrently with itself or with a started loop.
 */
final class StepLoop {
  private static final Logger LOG = LoggerFactory.getLogger(StepLoop.class);

  /** One step of the component being run. */
  interface Step {
    Status run() throws EventDeliveryException;
  }

  private final String description;
  private final Step step;
  private final ThreadFactory threads;
  private final BackoffPolicy backoff;
  private final Duration stopGrace;
  private final FailureLog failureLog;
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition stopRequested = lock.newCondition();
  private final AtomicLong failures = new AtomicLong();
  private volatile boolean running;
  private volatile boolean stopped;
  private volatile int consecutiveBackoffs;
  private Thread thread;

  StepLoop(String description, Step step, ThreadFactory threads, BackoffPolicy backoff, Duration stopGrace) {
    this.description = description;
    this.step = step;
    this.threads = threads;
    this.backoff = backoff;
    this.stopGrace = stopGrace;
    this.failureLog = new FailureLog(LOG, description);
  }

  void start() {
    lock.lock();
    try {
      if (thread != null || stopped) {
        throw new IllegalStateException(description + " was already started");
      }
      running = true;
      thread = threads.newThread(this::loop);
      thread.start();
    } finally {
      lock.unlock();
    }
    LOG.debug("{} started on {}", description, thread.getName());
  }

  Status runOnce() {
    try {
      Status status = step.run();
      failureLog.succeeded();
      consecutiveBackoffs = status == Status.READY ? 0 : consecutiveBackoffs + 1;
      return status;
    } catch (EventDeliveryException | RuntimeException e) {
      failures.incrementAndGet();
      consecutiveBackoffs++;
      failureLog.failed(e);
      return Status.BACKOFF;
    }
  }

  private void loop() {
    while (running) {
      if (runOnce() == Status.BACKOFF) {
        awaitBackoff(backoff.delayMillis(consecutiveBackoffs));
      }
    }
    LOG.debug("{} loop ended", description);
  }

  private void awaitBackoff(long millis) {
    long remaining = TimeUnit.MILLISECONDS.toNanos(millis);
    lock.lock();
    try {
      while (running && remaining > 0) {
        remaining = stopRequested.awaitNanos(remaining);
      }
    } catch (InterruptedException e) {
      // Only stop() interrupts us, after its grace period: end the loop.
      running = false;
      Thread.currentThread().interrupt();
    } finally {
      lock.unlock();
    }
  }

  /** Ends the loop, letting an in-flight step finish within the grace period. Idempotent. */
  void stop() {
    Thread t;
    lock.lock();
    try {
      if (stopped) {
        return;
      }
      stopped = true;
      running = false;
      stopRequested.signalAll();
      t = thread;
    } finally {
      lock.unlock();
    }
    if (t == null || t == Thread.currentThread()) {
      return;
    }
    try {
      t.join(stopGrace.toMillis());
      if (t.isAlive()) {
        LOG.warn("{} did not finish its step within {} ms; interrupting {}", description,
            stopGrace.toMillis(), t.getName());
        t.interrupt();
        t.join(stopGrace.toMillis());
        if (t.isAlive()) {
          LOG.error("{}: thread {} is still alive after interrupt; abandoning it", description, t.getName());
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("{}: interrupted while waiting for {} to end", description, t.getName());
    }
  }

  boolean isAlive() {
    Thread t = thread;
    return t != null && t.isAlive();
  }

  int consecutiveBackoffs() {
    return consecutiveBackoffs;
  }

  long failureCount() {
    return failures.get();
  }

  long currentBackoffMillis() {
    return backoff.delayMillis(consecutiveBackoffs);
  }
}
