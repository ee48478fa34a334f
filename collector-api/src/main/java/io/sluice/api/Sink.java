package io.sluice.api;

/**
 * Drains a channel. One {@link #process()} is one channel transaction: take up to a batch, deliver
 * it, commit only when delivered; otherwise roll back and throw {@link EventDeliveryException}.
 * Returns {@link Status#BACKOFF} when the channel was empty. The runner, not the sink, owns the
 * loop and the backoff. Called from one thread at a time unless {@link #parallelism()} says otherwise.
 */
public interface Sink extends Lifecycle {

  Status process() throws EventDeliveryException;

  /**
   * How many runner threads may call {@link #process()} at once when this sink runs alone (not in a
   * sink group, whose processor decides). 1 (the default) is Flume's one batch at a time; a sink
   * returning more must be thread-safe, each call being a transaction of its own.
   */
  default int parallelism() {
    return 1;
  }
}
