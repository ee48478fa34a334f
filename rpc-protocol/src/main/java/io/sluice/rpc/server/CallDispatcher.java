package io.sluice.rpc.server;

import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadFactory;

/**
 * Runs handler calls on a fixed pool, at most {@code maxConcurrentCalls} at a time (a call counts
 * until its reply stage completes). Connections that find no permit register a wake-up and stop
 * reading; {@link #release()} wakes one. Thread-safe.
 */
final class CallDispatcher {
  private final HandlerPool handlers;
  private final Semaphore permits;
  private final Queue<Runnable> waiters = new ConcurrentLinkedQueue<>();

  CallDispatcher(int threads, int maxConcurrentCalls, ThreadFactory threadFactory) {
    // At most maxConcurrentCalls tasks are ever queued: they are only submitted holding a permit.
    this.handlers = new HandlerPool(threads, threadFactory);
    this.permits = new Semaphore(maxConcurrentCalls);
  }

  boolean tryAcquire() {
    return permits.tryAcquire();
  }

  void release() {
    permits.release();
    wakeOne();
  }

  /**
   * Runs {@code wakeUp} once a permit may be free. The woken connection must retry {@link
   * #tryAcquire()} and then call {@link #passOn()}, so a wake-up that went to a closed or already
   * satisfied connection is handed on rather than lost.
   */
  void whenPermitFree(Runnable wakeUp) {
    waiters.add(wakeUp);
    passOn(); // a release may have happened before we queued
  }

  /** Wakes another waiter if a permit is free. */
  void passOn() {
    if (permits.availablePermits() > 0) {
      wakeOne();
    }
  }

  /** Runs a task holding a permit; on rejection (shutting down) the permit is returned. */
  void execute(Runnable task) {
    try {
      handlers.execute(task);
    } catch (RuntimeException e) {
      release();
      throw e;
    }
  }

  void shutdown(long timeoutMillis) throws InterruptedException {
    handlers.shutdown(timeoutMillis);
  }

  private void wakeOne() {
    Runnable w = waiters.poll();
    if (w != null) {
      w.run();
    }
  }
}
