package io.sluice.api;

/**
 * A sink processor whose members can change while it runs (edges following the live set of
 * aggregators). Thread-safe with respect to {@link #process()}.
 */
public interface ResizableSinkProcessor extends SinkProcessor {

  /** Adds a started sink; it takes batches from the next {@code process()} on. */
  void addSink(String name, Sink sink);

  /**
   * Removes a member. Returns once no batch is in flight on it and none will start, so the caller
   * may stop the sink: its last batch has either committed or rolled back into the channel.
   *
   * @return the removed sink, or null when there was no such member
   */
  Sink removeSink(String name) throws InterruptedException;
}
