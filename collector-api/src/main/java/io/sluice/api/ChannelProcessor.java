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
}
