package io.sluice.edge.exec;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Set once by {@code stop()}; waits on it end early when it fires, so a restart throttle or a
 * retry backoff never delays a stop. Thread-safe.
 */
final class StopSignal {
  private final CompletableFuture<Void> fired = new CompletableFuture<>();
  private volatile long firedAtNanos;

  /** Fires the signal; true only for the first call. */
  synchronized boolean fire() {
    if (fired.isDone()) {
      return false;
    }
    firedAtNanos = System.nanoTime();
    return fired.complete(null);
  }

  boolean isFired() {
    return fired.isDone();
  }

  /** Nanos since the signal fired (0 if it has not). */
  long nanosSinceFired() {
    return isFired() ? System.nanoTime() - firedAtNanos : 0;
  }

  /**
   * Waits up to {@code millis}; returns false at once if the signal fires (or fired) meanwhile or
   * the thread is interrupted, true when the full wait elapsed.
   */
  boolean sleep(long millis) {
    try {
      fired.get(millis, TimeUnit.MILLISECONDS);
      return false;
    } catch (TimeoutException e) {
      return true;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    } catch (ExecutionException e) {
      return false;
    }
  }
}
