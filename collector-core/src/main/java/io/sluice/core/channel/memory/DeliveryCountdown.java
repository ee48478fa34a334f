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

  /** Called by the committing thread before its slots are queued. */
  void arm(int events) {
    remaining.addAndGet(events);
    armed = true;
  }

  void taken() {
    remaining.decrementAndGet();
  }

  @Override
  public boolean isDelivered() {
    return armed && remaining.get() <= 0;
  }
}
