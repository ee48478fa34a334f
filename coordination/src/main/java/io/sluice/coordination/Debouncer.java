package io.sluice.coordination;

import java.time.Duration;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Runs an action once, {@code delay} after the first of a burst of triggers: a dozen member nodes
 * appearing together become one notification. The action runs on the given executor. Thread-safe.
 */
final class Debouncer {
  private final ScheduledExecutorService executor;
  private final Duration delay;
  private final Runnable action;
  private final AtomicBoolean pending = new AtomicBoolean();

  Debouncer(ScheduledExecutorService executor, Duration delay, Runnable action) {
    this.executor = executor;
    this.delay = delay;
    this.action = action;
  }

  void trigger() {
    if (pending.compareAndSet(false, true) && !executor.isShutdown()) {
      executor.schedule(this::fire, delay.toMillis(), TimeUnit.MILLISECONDS);
    }
  }

  private void fire() {
    // Cleared before running, so a trigger during the action schedules another pass.
    pending.set(false);
    action.run();
  }
}
