package io.sluice.core.agent;

import io.sluice.core.runtime.NamedThreadFactory;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Starts units and keeps them running: a unit that fails to start, or dies later, is retried with
 * exponential backoff on the agent's supervisor thread while the rest of the agent runs. Each
 * failure is logged once with its attempt number and the next delay.
 */
final class ComponentSupervisor implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ComponentSupervisor.class);

  private final AgentOptions options;
  private final ScheduledExecutorService scheduler;
  private final Map<Supervised, Tracked> tracked = new ConcurrentHashMap<>();
  private final ScheduledFuture<?> healthCheck;

  private static final class Tracked {
    volatile boolean running;
    volatile int failures;
    volatile ScheduledFuture<?> retry;
  }

  ComponentSupervisor(String agentName, AgentOptions options) {
    this.options = options;
    this.scheduler = Executors.newSingleThreadScheduledExecutor(
        new NamedThreadFactory(agentName + "-supervisor"));
    long every = options.healthCheckInterval().toMillis();
    this.healthCheck = scheduler.scheduleWithFixedDelay(this::checkHealth, every, every,
        TimeUnit.MILLISECONDS);
  }

  /** Starts the unit now; on failure keeps retrying in the background until {@link #stop}. */
  void start(Supervised unit) {
    Tracked t = new Tracked();
    tracked.put(unit, t);
    attempt(unit, t);
  }

  /** Stops the unit and any pending retry of it. */
  void stop(Supervised unit) {
    Tracked t = tracked.remove(unit);
    if (t != null && t.retry != null) {
      t.retry.cancel(false);
    }
    synchronized (unit) {
      unit.stop();
    }
  }

  boolean isRunning(Supervised unit) {
    Tracked t = tracked.get(unit);
    return t != null && t.running;
  }

  private void attempt(Supervised unit, Tracked t) {
    synchronized (unit) {
      if (tracked.get(unit) != t) {
        return; // stopped meanwhile
      }
      try {
        unit.start();
        t.running = true;
        if (t.failures > 0) {
          LOG.info("{} started after {} failed attempt(s)", unit.describe(), t.failures);
        }
        t.failures = 0;
      } catch (Exception | LinkageError e) {
        t.failures++;
        long delay = delayMillis(t.failures);
        LOG.error("{} failed to start (attempt {}); retrying in {} ms: {}", unit.describe(),
            t.failures, delay, e.toString(), e);
        unit.stop();
        t.retry = scheduler.schedule(() -> attempt(unit, t), delay, TimeUnit.MILLISECONDS);
      }
    }
  }

  private void checkHealth() {
    tracked.forEach((unit, t) -> {
      if (t.running && !unit.healthy()) {
        t.running = false;
        t.failures++;
        long delay = delayMillis(t.failures);
        LOG.error("{} died; restarting in {} ms (failure {})", unit.describe(), delay, t.failures);
        synchronized (unit) {
          unit.stop();
        }
        t.retry = scheduler.schedule(() -> attempt(unit, t), delay, TimeUnit.MILLISECONDS);
      }
    });
  }

  private long delayMillis(int failures) {
    long initial = options.restartInitial().toMillis();
    long max = options.restartMax().toMillis();
    int shift = Math.min(failures - 1, 30);
    return Math.min(max, initial << shift);
  }

  @Override
  public void close() {
    healthCheck.cancel(false);
    tracked.values().forEach(t -> {
      if (t.retry != null) {
        t.retry.cancel(false);
      }
    });
    scheduler.shutdownNow();
    try {
      scheduler.awaitTermination(10, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
