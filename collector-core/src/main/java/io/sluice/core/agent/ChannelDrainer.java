package io.sluice.core.agent;

import io.sluice.api.Channel;
import io.sluice.api.Event;
import io.sluice.api.Transaction;
import io.sluice.core.runtime.NamedThreadFactory;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Retires a channel replaced by a reload: its remaining events are moved into the successor (take
 * from the old, put into the new, commit the new, then the old: at-least-once), then the old
 * channel is stopped. Flume reuses a channel only when its config is unchanged; this is how a
 * changed channel keeps its events too.
 */
final class ChannelDrainer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ChannelDrainer.class);
  private static final int BATCH = 100;

  private final ExecutorService executor;
  private volatile boolean closed;

  ChannelDrainer(String agent) {
    this.executor = Executors.newCachedThreadPool(new NamedThreadFactory(agent + "-channel-drainer"));
  }

  /** Moves what {@code old} holds into the channel {@code successor} supplies, then stops old. */
  void retire(ChannelUnit old, Supplier<Channel> successor, ComponentSupervisor supervisor) {
    Channel from = old.instance();
    if (from == null || from.size() == 0) {
      supervisor.stop(old);
      return;
    }
    if (successor == null) {
      LOG.warn("Channel {} was removed while holding {} events; they are dropped with it",
          old.spec().name(), from.size());
      supervisor.stop(old);
      return;
    }
    LOG.info("Moving {} events from the replaced channel {} into its new instance",
        from.size(), old.spec().name());
    executor.execute(() -> {
      long moved = move(from, successor, old.spec().name());
      LOG.info("Channel {}: moved {} events into its new instance", old.spec().name(), moved);
      supervisor.stop(old);
    });
  }

  private long move(Channel from, Supplier<Channel> successor, String name) {
    long moved = 0;
    int failures = 0;
    while (!closed && from.size() > 0) {
      Channel to = successor.get();
      try {
        moved += moveBatch(from, to);
        failures = 0;
      } catch (RuntimeException e) {
        failures++;
        if (failures == 1) {
          LOG.warn("Channel {}: moving events into the new instance failed, retrying: {}", name,
              e.toString());
        }
        pause(Math.min(1000L, 50L * failures));
      }
    }
    return moved;
  }

  private static int moveBatch(Channel from, Channel to) {
    if (to == null) {
      throw new IllegalStateException("the new channel is not running yet");
    }
    try (Transaction take = from.getTransaction()) {
      take.begin();
      List<Event> events = take.take(BATCH);
      try (Transaction put = to.getTransaction()) {
        put.begin();
        put.putAll(events);
        put.commit();
      }
      take.commit();
      return events.size();
    }
  }

  private void pause(long millis) {
    try {
      TimeUnit.MILLISECONDS.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      closed = true;
    }
  }

  @Override
  public void close() {
    closed = true;
    executor.shutdownNow();
  }
}
