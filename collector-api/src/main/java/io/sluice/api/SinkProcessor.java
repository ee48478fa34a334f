package io.sluice.api;

/**
 * Decides which sink of a group handles the next batch ({@code default}, {@code failover},
 * {@code load_balance}). Its {@link #process()} is called by the group's runner; it throws
 * {@link EventDeliveryException} only when no member could take the batch.
 */
public interface SinkProcessor extends Lifecycle {

  Status process() throws EventDeliveryException;

  /**
   * How many runner threads should call {@link #process()} at once. 1 (the default) keeps Flume's
   * one-batch-at-a-time group; a processor returning more must be thread-safe.
   */
  default int parallelism() {
    return 1;
  }
}
