package io.sluice.testsupport;

import io.sluice.api.Channel;
import io.sluice.core.runtime.NamedThreadFactory;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;

/**
 * Puts numbered events 0..total-1 into a channel from its own thread, 100 per period, so a test
 * can change the topology under load; {@link #putSoFar()} tells how far it got.
 */
public final class Pacer implements AutoCloseable {
  private final ScheduledExecutorService thread =
      Executors.newSingleThreadScheduledExecutor(new NamedThreadFactory("test-pacer"));
  private final AtomicInteger put = new AtomicInteger();

  /**
   * @param channel asked on each tick, so the pacer follows a channel that is replaced
   * @param periodMicros time between two batches of 100
   */
  public Pacer(Supplier<Channel> channel, int total, long periodMicros) {
    thread.scheduleAtFixedRate(() -> {
      int from = put.get();
      if (from < total) {
        Landed.put(channel.get(), from, Math.min(total, from + 100));
        put.set(Math.min(total, from + 100));
      }
    }, 0, periodMicros, TimeUnit.MICROSECONDS);
  }

  /** 100 events every 10 ms. */
  public static Pacer every10ms(Supplier<Channel> channel, int total) {
    return new Pacer(channel, total, 10_000);
  }

  public int putSoFar() {
    return put.get();
  }

  @Override
  public void close() {
    thread.shutdownNow();
  }
}
