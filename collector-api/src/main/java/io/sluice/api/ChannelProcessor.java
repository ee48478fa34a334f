package io.sluice.api;

import java.util.List;

/**
 * How a source hands events to its channels: runs the interceptors, asks the selector for the
 * channels, and puts the batch in one transaction per required channel.
 *
 * <p>Thread-safe. When a call returns normally every required channel has committed; when it throws
 * ({@link ChannelException}), the source must treat the whole batch as not accepted. A batch that
 * some required channel can never take in one transaction ({@link OversizedBatchException}: more
 * events than its {@link Channel#transactionCapacity()}, more body bytes than its {@link
 * Channel#transactionBodyBytes()}) is put into none of them, so that smaller retries duplicate
 * nothing.
 */
public interface ChannelProcessor {

  void processEvent(Event event);

  void processEventBatch(List<Event> events);

  /**
   * Puts the batch as {@link #processEventBatch} does, but only if nothing on the way can wait, for
   * callers on threads that must never block (a network I/O thread). Returns true when every
   * required channel committed; false, having committed nothing, when the work could wait (a
   * channel with no room right now or one that commits only by waiting, an interceptor not known
   * to be {@linkplain Interceptor#nonBlocking() non-blocking}, more than one channel): the caller
   * then hands the same list to {@link #processEventBatch} on a thread that may wait. Throws
   * {@link ChannelException} when the batch failed for good, as {@link #processEventBatch} would.
   * The default always returns false.
   */
  default boolean tryProcessEventBatchNow(List<Event> events) {
    return false;
  }

  /**
   * As {@link #processEventBatch}, and returns a receipt that is delivered once every required
   * channel's sinks committed takes of the batch. Channels that keep what they commit deliver at
   * once, so only a memory channel makes a source wait.
   */
  default DeliveryReceipt processEventBatchTracked(List<Event> events) {
    processEventBatch(events);
    return DeliveryReceipt.DELIVERED;
  }

  /**
   * The most events one batch may hold to fit one transaction of every channel it can go to (the
   * smallest {@link Channel#transactionCapacity()} among them), so that a source choosing its own
   * batch size never has a batch refused for its size after some channels took it. {@link
   * Integer#MAX_VALUE} by default.
   */
  default int maxBatchEvents() {
    return Integer.MAX_VALUE;
  }
}
