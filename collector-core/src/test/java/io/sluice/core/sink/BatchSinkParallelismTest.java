package io.sluice.core.sink;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Channel;
import io.sluice.api.Event;
import io.sluice.api.Status;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.sinkprocessor.DefaultSinkProcessor;
import io.sluice.core.testutil.ConcurrentSinkSteps;
import io.sluice.core.testutil.TestQueueChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** A {@link BatchSink} stepped by several runners at once ({@code parallelism() > 1}). */
class BatchSinkParallelismTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private final MetricsRegistry metrics = new MetricsRegistry();

  /** Records each batch it is handed; each batch's wait for durability takes one permit. */
  private static final class GatedSink extends BatchSink {
    final List<List<Event>> handedOff = new ArrayList<>();
    final Semaphore acknowledgements = new Semaphore(0);
    private final int parallelism;
    private final Duration ackBound;

    GatedSink(Channel channel, int parallelism, Duration ackBound, MetricsRegistry metrics) {
      super("k1", channel, 100, metrics.group("k1"));
      this.parallelism = parallelism;
      this.ackBound = ackBound;
    }

    @Override
    public int parallelism() {
      return parallelism;
    }

    @Override
    protected void deliver(List<Event> batch) {
      throw new AssertionError("handOff is overridden");
    }

    @Override
    protected Pending handOff(List<Event> batch) throws InterruptedException {
      Thread.sleep(1); // widens the window in which another runner could take and hand off first
      synchronized (handedOff) {
        handedOff.add(batch);
      }
      return () -> {
        if (!acknowledgements.tryAcquire(ackBound.toMillis(), TimeUnit.MILLISECONDS)) {
          throw new TimeoutException("no acknowledgement");
        }
      };
    }

    int handedOffCount() {
      synchronized (handedOff) {
        return handedOff.size();
      }
    }

    @Override
    public void start() {}

    @Override
    public void stop() {}
  }

  private static List<Event> numbered(int n) {
    List<Event> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Event.of(Map.of(), Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  @Test
  void twoRunnersKeepTwoBatchesInFlightHandedOffInTheChannelsOrder() throws Exception {
    TestQueueChannel channel = new TestQueueChannel("c1", 10_000);
    channel.putAllCommitted(numbered(1_000));
    GatedSink sink = new GatedSink(channel, 2, DEADLINE, metrics);
    try (ConcurrentSinkSteps runners = ConcurrentSinkSteps.start(sink, 2)) {
      waitFor(() -> sink.handedOffCount() == 2, "both runners to hand off a batch");
      assertEquals(800, channel.size(), "two batches in flight at once, neither acknowledged yet");
      sink.acknowledgements.release(1_000);
      assertEquals(10, runners.readySteps(DEADLINE));
    }
    List<Integer> batchStarts = new ArrayList<>();
    List<Integer> delivered = new ArrayList<>();
    for (List<Event> b : sink.handedOff) {
      batchStarts.add(number(b.get(0)));
      b.forEach(e -> delivered.add(number(e)));
    }
    assertEquals(List.of(0, 100, 200, 300, 400, 500, 600, 700, 800, 900), batchStarts,
        "batches are handed off in the order the channel gave them");
    assertEquals(IntStream.range(0, 1_000).boxed().toList(), delivered);
    assertEquals(0, channel.size());
    assertEquals(1_000, metrics.value("k1", "EventDrainSuccessCount"));
  }

  @Test
  void aBatchWhoseWaitFailsRollsBackAloneWhileTheOtherCommits() throws Exception {
    TestQueueChannel channel = new TestQueueChannel("c1", 10_000);
    channel.putAllCommitted(numbered(200));
    GatedSink sink = new GatedSink(channel, 2, Duration.ofMillis(300), metrics);
    ExecutorService runners = Executors.newFixedThreadPool(2);
    try {
      Future<Status> first = runners.submit(sink::process);
      waitFor(() -> sink.handedOffCount() == 1, "the first hand-off");
      Future<Status> second = runners.submit(sink::process);
      waitFor(() -> sink.handedOffCount() == 2, "the second hand-off");
      sink.acknowledgements.release(1); // one of the two waits succeeds; the other times out
      List<Throwable> failures = new ArrayList<>();
      int committed = 0;
      for (Future<Status> f : List.of(first, second)) {
        try {
          assertEquals(Status.READY, f.get(DEADLINE.toMillis(), TimeUnit.MILLISECONDS));
          committed++;
        } catch (java.util.concurrent.ExecutionException e) {
          failures.add(e.getCause());
        }
      }
      assertEquals(1, committed);
      assertEquals(1, failures.size());
      assertTrue(failures.get(0).getMessage().contains("sink k1 failed to deliver a batch from channel c1"),
          failures.get(0).getMessage());
    } finally {
      runners.shutdownNow();
    }
    assertEquals(100, channel.size(), "the failed batch is back in the channel, the other committed");
    assertEquals(1, channel.rollbacks());
  }

  @Test
  void theDefaultProcessorAsksForAsManyRunnersAsTheSink() {
    TestQueueChannel channel = new TestQueueChannel("c1", 10);
    assertEquals(3, new DefaultSinkProcessor(new GatedSink(channel, 3, DEADLINE, metrics)).parallelism());
    assertEquals(1, new DefaultSinkProcessor(new NullSink("n1", channel, new NullSinkConfig(10),
        metrics.group("n1"))).parallelism(), "Flume's one batch at a time by default");
  }

  private static int number(Event e) {
    return Integer.parseInt(new String(e.getBody(), StandardCharsets.UTF_8));
  }

  private static void waitFor(BooleanSupplier condition, String what) {
    await(what).atMost(DEADLINE).until(condition::getAsBoolean);
  }
}
