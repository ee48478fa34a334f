package io.sluice.api;

/**
 * A channel that loses what it holds when the process dies (a memory channel) and can therefore
 * tell when committed events have been taken out by sinks.
 */
public interface DeliveryTracking {

  /**
   * Tracks the puts of {@code transaction}, this channel's open transaction on the calling thread:
   * once it commits, the receipt is delivered when sinks have committed takes of all of them.
   */
  DeliveryReceipt track(Transaction transaction);
}
