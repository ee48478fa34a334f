package io.sluice.api;

import java.util.List;

/**
 * Tells a source when a batch it handed over has left the agent's channels: every required
 * channel's sinks took its events and committed. A source that can re-read its input (a file) keeps
 * its position where the undelivered data starts, so a crash that empties a memory channel loses
 * nothing. Thread-safe.
 */
@FunctionalInterface
public interface DeliveryReceipt {

  /** The receipt of a channel that keeps what it commits (a durable channel): delivered at commit. */
  DeliveryReceipt DELIVERED = () -> true;

  boolean isDelivered();

  /** Delivered when every one of {@code receipts} is. */
  static DeliveryReceipt allOf(List<DeliveryReceipt> receipts) {
    List<DeliveryReceipt> pending = receipts.stream().filter(r -> r != DELIVERED).toList();
    if (pending.isEmpty()) {
      return DELIVERED;
    }
    return pending.size() == 1 ? pending.get(0) : () -> pending.stream().allMatch(DeliveryReceipt::isDelivered);
  }
}
