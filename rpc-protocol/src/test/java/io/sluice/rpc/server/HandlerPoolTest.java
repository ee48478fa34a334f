package io.sluice.rpc.server;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.util.concurrent.DefaultThreadFactory;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class HandlerPoolTest {
  private static final Duration DEADLINE = Duration.ofSeconds(30);
  private HandlerPool pool;

  @AfterEach
  void stop() throws InterruptedException {
    if (pool != null) {
      pool.shutdown(5_000);
    }
  }

  @Test
  void everyTaskSubmittedFromManyThreadsRunsOnce() throws Exception {
    pool = new HandlerPool(4, new DefaultThreadFactory("pool-test"));
    int submitters = 4;
    int perSubmitter = 20_000;
    AtomicInteger ran = new AtomicInteger();
    Set<String> threads = ConcurrentHashMap.newKeySet();
    CountDownLatch submitted = new CountDownLatch(submitters);
    for (int s = 0; s < submitters; s++) {
      new Thread(() -> {
        for (int i = 0; i < perSubmitter; i++) {
          pool.execute(() -> {
            threads.add(Thread.currentThread().getName());
            ran.incrementAndGet();
          });
          if (i % 1000 == 0) {
            Thread.yield(); // let workers go idle now and then, so wake-ups are exercised
          }
        }
        submitted.countDown();
      }, "submitter-" + s).start();
    }
    assertTrue(submitted.await(DEADLINE.toSeconds(), TimeUnit.SECONDS));
    await().atMost(DEADLINE).until(() -> ran.get() == submitters * perSubmitter);
    assertTrue(threads.stream().allMatch(n -> n.startsWith("pool-test")), threads.toString());
  }

  @Test
  void anIdlePoolWakesForEachLoneTask() {
    pool = new HandlerPool(3, new DefaultThreadFactory("pool-test"));
    AtomicInteger ran = new AtomicInteger();
    for (int i = 1; i <= 200; i++) {
      pool.execute(ran::incrementAndGet);
      int expected = i;
      // One task at a time: each finds every worker asleep and must wake one.
      await().pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(1)).atMost(DEADLINE)
          .until(() -> ran.get() == expected);
    }
  }

  @Test
  void aFailingOrInterruptingTaskLeavesItsWorkerServing() {
    pool = new HandlerPool(1, new DefaultThreadFactory("pool-test"));
    List<String> after = new CopyOnWriteArrayList<>();
    pool.execute(() -> {
      throw new IllegalStateException("boom");
    });
    pool.execute(() -> Thread.currentThread().interrupt());
    pool.execute(() -> after.add(Thread.currentThread().isInterrupted() ? "interrupted" : "clean"));
    await().atMost(DEADLINE).until(() -> after.size() == 1);
    assertEquals(List.of("clean"), after);
  }

  @Test
  void shutdownRunsWhatIsQueuedThenRefusesMore() throws Exception {
    pool = new HandlerPool(1, new DefaultThreadFactory("pool-test"));
    CountDownLatch release = new CountDownLatch(1);
    AtomicInteger ran = new AtomicInteger();
    pool.execute(() -> {
      try {
        release.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      ran.incrementAndGet();
    });
    for (int i = 0; i < 5; i++) {
      pool.execute(ran::incrementAndGet);
    }
    Thread stopper = new Thread(() -> {
      try {
        pool.shutdown(10_000);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    });
    stopper.start();
    await().atMost(DEADLINE).untilAsserted(
        () -> assertThrows(RejectedExecutionException.class, () -> pool.execute(() -> { })));
    release.countDown();
    stopper.join(DEADLINE.toMillis());
    assertEquals(6, ran.get());
  }
}
