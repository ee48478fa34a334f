package io.sluice.core.testutil;

import io.sluice.api.Sink;
import io.sluice.api.Status;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/**
 * Steps one sink from several threads at once, as the runners of a sink whose parallelism is above
 * 1 do: each thread calls {@code process()} until it returns BACKOFF (the channel was empty) or
 * throws. Closing stops the threads.
 */
public final class ConcurrentSinkSteps implements AutoCloseable {
  private final ExecutorService threads;
  private final List<Future<Integer>> steps = new ArrayList<>();

  private ConcurrentSinkSteps(Sink sink, int runners) {
    threads = Executors.newFixedThreadPool(runners);
    for (int r = 0; r < runners; r++) {
      steps.add(threads.submit(() -> {
        int ready = 0;
        while (sink.process() == Status.READY) {
          ready++;
        }
        return ready;
      }));
    }
  }

  public static ConcurrentSinkSteps start(Sink sink, int runners) {
    return new ConcurrentSinkSteps(sink, runners);
  }

  /** Waits for every thread to find the channel empty; returns the READY steps of all of them. */
  public int readySteps(Duration deadline) throws Exception {
    long end = System.nanoTime() + deadline.toNanos();
    int ready = 0;
    for (Future<Integer> f : steps) {
      ready += f.get(Math.max(0, end - System.nanoTime()), TimeUnit.NANOSECONDS);
    }
    return ready;
  }

  @Override
  public void close() {
    threads.shutdownNow();
  }
}
