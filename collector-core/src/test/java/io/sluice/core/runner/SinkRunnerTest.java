package io.sluice.core.runner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.EventDeliveryException;
import io.sluice.api.SinkProcessor;
import io.sluice.api.Status;
import io.sluice.core.runtime.NamedThreadFactory;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SinkRunnerTest {
  private final NamedThreadFactory threads = new NamedThreadFactory("test-runner");
  private SinkRunner runner;

  @AfterEach
  void stopRunner() {
    if (runner != null) {
      runner.stop();
    }
  }

  /** Answers from a script: a Status, or an exception to throw; READY once the script is used up. */
  private static final class ScriptedProcessor implements SinkProcessor {
    final Deque<Object> script = new ArrayDeque<>();
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public Status process() throws EventDeliveryException {
      calls.incrementAndGet();
      Object next = script.isEmpty() ? Status.READY : script.poll();
      if (next instanceof EventDeliveryException e) {
        throw e;
      }
      if (next instanceof RuntimeException e) {
        throw e;
      }
      return (Status) next;
    }
  }

  @Test
  void runOnceCountsBackoffsAndFailuresAndResetsOnReady() {
    ScriptedProcessor p = new ScriptedProcessor();
    p.script.add(Status.BACKOFF);
    p.script.add(new EventDeliveryException("down"));
    p.script.add(new IllegalStateException("bug"));
    p.script.add(Status.READY);
    runner = new SinkRunner("g1", p, threads, BackoffPolicy.linear(100, 250));

    assertEquals(Status.BACKOFF, runner.runOnce());
    assertEquals(1, runner.consecutiveBackoffs());
    assertEquals(100, runner.currentBackoffMillis());
    assertEquals(Status.BACKOFF, runner.runOnce());
    assertEquals(2, runner.consecutiveBackoffs());
    assertEquals(200, runner.currentBackoffMillis());
    assertEquals(Status.BACKOFF, runner.runOnce());
    assertEquals(3, runner.consecutiveBackoffs());
    assertEquals(250, runner.currentBackoffMillis());
    assertEquals(2, runner.failureCount());

    assertEquals(Status.READY, runner.runOnce());
    assertEquals(0, runner.consecutiveBackoffs());
    assertEquals(0, runner.currentBackoffMillis());
    assertEquals(4, p.calls.get());
  }

  @Test
  void throwingProcessorDoesNotKillTheLoop() {
    AtomicInteger calls = new AtomicInteger();
    runner = new SinkRunner("g1", () -> {
      calls.incrementAndGet();
      throw new IllegalStateException("always broken");
    }, threads, BackoffPolicy.linear(1, 1));
    runner.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> calls.get() >= 20);
    assertTrue(runner.isAlive());
    assertTrue(runner.failureCount() >= 20);
    runner.stop();
    assertFalse(runner.isAlive());
  }

  @Test
  void stopWakesABackingOffRunnerPromptly() {
    AtomicInteger calls = new AtomicInteger();
    runner = new SinkRunner("g1", () -> {
      calls.incrementAndGet();
      return Status.BACKOFF;
    }, threads, BackoffPolicy.linear(60_000, 60_000));
    runner.start();
    await().atMost(Duration.ofSeconds(5)).until(() -> runner.consecutiveBackoffs() == 1);

    long t0 = System.nanoTime();
    runner.stop();
    long tookMillis = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);

    assertTrue(tookMillis < 2000, "stop took " + tookMillis + " ms");
    assertFalse(runner.isAlive());
    assertEquals(1, calls.get());
  }

  @Test
  void stopLetsTheInFlightStepFinishWithoutInterrupting() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    CountDownLatch release = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    runner = new SinkRunner("g1", () -> {
      entered.countDown();
      try {
        release.await();
      } catch (InterruptedException e) {
        interrupted.set(true);
      }
      return Status.READY;
    }, threads, BackoffPolicy.sinkDefault(), Duration.ofSeconds(30));
    runner.start();
    assertTrue(entered.await(5, TimeUnit.SECONDS));

    AtomicBoolean stopped = new AtomicBoolean();
    Thread stopper = new Thread(() -> {
      runner.stop();
      stopped.set(true);
    });
    stopper.start();
    await().during(Duration.ofMillis(300)).atMost(Duration.ofSeconds(2)).until(() -> !stopped.get());
    release.countDown();
    stopper.join(5000);

    assertTrue(stopped.get());
    assertFalse(interrupted.get(), "the in-flight step must not be interrupted");
    assertFalse(runner.isAlive());
  }

  @Test
  void stopInterruptsAStepThatOverrunsTheGrace() throws Exception {
    CountDownLatch entered = new CountDownLatch(1);
    AtomicBoolean interrupted = new AtomicBoolean();
    runner = new SinkRunner("g1", () -> {
      entered.countDown();
      try {
        new CountDownLatch(1).await();
      } catch (InterruptedException e) {
        interrupted.set(true);
      }
      return Status.READY;
    }, threads, BackoffPolicy.sinkDefault(), Duration.ofMillis(100));
    runner.start();
    assertTrue(entered.await(5, TimeUnit.SECONDS));
    runner.stop();
    assertTrue(interrupted.get());
    assertFalse(runner.isAlive());
  }

  @Test
  void stopIsIdempotentAndWorksBeforeStart() {
    runner = new SinkRunner("g1", () -> Status.READY, threads, BackoffPolicy.sinkDefault());
    runner.stop();
    runner.stop();
    assertFalse(runner.isAlive());
  }
}
