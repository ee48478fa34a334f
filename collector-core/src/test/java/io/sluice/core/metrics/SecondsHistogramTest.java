package io.sluice.core.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.model.snapshots.Labels;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;

/**
 * A histogram recorded from many threads at once (each into its own tally) reads back exactly:
 * scrapes during recording never go backwards, and once the threads have ended their counts stay,
 * read after read, with nothing counted twice.
 */
class SecondsHistogramTest {
  private static final double[] BOUNDS = {0.001, 0.01, 0.1, Double.POSITIVE_INFINITY};
  /** One observation per bound, in nanoseconds: 0.5 ms, 5 ms, 50 ms, 5 s. */
  private static final long[] NANOS = {500_000L, 5_000_000L, 50_000_000L, 5_000_000_000L};
  private static final int THREADS = 8;
  private static final int ROUNDS = 200_000;

  private static long[] buckets(SecondsHistogram h) {
    return h.snapshot(Labels.EMPTY).getClassicBuckets().stream().mapToLong(b -> b.getCount())
        .toArray();
  }

  @Test
  void threadsRecordingAtOnceAddUpExactlyAndEndedThreadsStayCounted() throws Exception {
    SecondsHistogram h = new SecondsHistogram(BOUNDS);
    CountDownLatch go = new CountDownLatch(1);
    List<Thread> threads = new ArrayList<>();
    for (int t = 0; t < THREADS; t++) {
      Thread thread = new Thread(() -> {
        try {
          go.await();
        } catch (InterruptedException e) {
          return;
        }
        for (int i = 0; i < ROUNDS; i++) {
          h.observeNanos(NANOS[i % NANOS.length]);
        }
        // A batch tallied by the caller, as event ages are: one per bucket.
        h.add(new long[] {1, 1, 1, 1}, 0.0005 + 0.005 + 0.05 + 5);
      }, "histogram-test-" + t);
      thread.start();
      threads.add(thread);
    }
    go.countDown();
    long[] previous = new long[BOUNDS.length];
    while (threads.stream().anyMatch(Thread::isAlive)) {
      long[] now = buckets(h);
      for (int i = 0; i < now.length; i++) {
        assertTrue(now[i] >= previous[i], "bucket " + i + " went back: " + now[i]);
      }
      previous = now;
    }
    for (Thread t : threads) {
      t.join();
    }

    long perBucket = (long) THREADS * (ROUNDS / NANOS.length + 1);
    long[] expected = {perBucket, perBucket, perBucket, perBucket};
    double sum = perBucket * (0.0005 + 0.005 + 0.05 + 5);
    // The first read after the threads ended retires their tallies; later ones read the same.
    for (int read = 0; read < 3; read++) {
      assertArrayEquals(expected, buckets(h), "read " + read);
      assertEquals(4 * perBucket, h.count());
      assertEquals(sum, h.sum(), 1e-6 * sum);
    }

    h.observeNanos(NANOS[0]);
    assertEquals(perBucket + 1, buckets(h)[0], "the reading thread records as well");
    assertEquals(4 * perBucket + 1, h.count());
  }
}
