package io.sluice.core.channel.memory;

import io.sluice.api.DeliveryReceipt;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The receipt of one tracked put commit: counts its events down as sinks commit their takes, and
 * is delivered at zero. Not delivered before its commit armed it. Thread-safe.
 */
final class DeliveryCountdown implements DeliveryReceipt {
  private final AtomicLong remaining = new AtomicLong();
  private volatile boolean armed;

  /** Called by the committing thread once its events are queued. */
  void arm(int events) {
    remaining.addAndGet(events);
    armed = true;
  }

  /** Counts down {@code events} taken by one committed take. */
  void taken(int events) {
    remaining.addAndGet(-events);
  }

  @Override
  public boolean isDelivered() {
    return armed && remaining.get() <= 0;
  }
}
