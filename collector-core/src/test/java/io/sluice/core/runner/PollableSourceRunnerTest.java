package io.sluice.core.runner;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.PollableSource;
import io.sluice.api.Status;
import io.sluice.core.runtime.NamedThreadFactory;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class PollableSourceRunnerTest {

  private static final class IdleSource implements PollableSource {
    final AtomicInteger calls = new AtomicInteger();

    @Override
    public Status process() {
      calls.incrementAndGet();
      return Status.BACKOFF;
    }

    @Override
    public long backoffSleepIncrement() {
      return 7;
    }

    @Override
    public long maxBackoffSleep() {
      return 20;
    }
  }

  @Test
  void backoffComesFromTheSource() {
    PollableSourceRunner r = new PollableSourceRunner("r1", new IdleSource(), new NamedThreadFactory("t"));
    r.runOnce();
    assertEquals(7, r.currentBackoffMillis());
    r.runOnce();
    assertEquals(14, r.currentBackoffMillis());
    r.runOnce();
    assertEquals(20, r.currentBackoffMillis());
  }

  @Test
  void loopRunsUntilStopped() {
    IdleSource source = new IdleSource();
    PollableSourceRunner r = new PollableSourceRunner("r1", source, new NamedThreadFactory("t"));
    r.start();
    try {
      await().atMost(Duration.ofSeconds(5)).until(() -> source.calls.get() >= 3);
      assertTrue(r.isAlive());
    } finally {
      r.stop();
    }
    assertFalse(r.isAlive());
  }
}
