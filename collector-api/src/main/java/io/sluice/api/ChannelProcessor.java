package io.sluice.api;

import java.util.List;

/**
 * How a source hands events to its channels: runs the interceptors, asks the selector for the
 * channels, and puts the batch in one transaction per required channel.
 *
 * <p>Thread-safe. When a call returns normally every required channel has committed; when it throws
 * ({@link ChannelException}), the source must treat the whole batch as not accepted.
 */
public interface ChannelProcessor {

  void processEvent(Event event);

  void processEventBatch(List<Event> events);

  /**
   * As {@link #processEventBatch}, and returns a receipt that is delivered once every required
   * channel's sinks committed takes of the batch. Channels that keep what they commit deliver at
   * once, so only a memory channel makes a source wait.
   */
  default DeliveryReceipt processEventBatchTracked(List<Event> events) {
    processEventBatch(events);
    return DeliveryReceipt.DELIVERED;
  }
}
