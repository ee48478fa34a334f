package io.sluice.api;

/**
 * Drains a channel. One {@link #process()} is one channel transaction: take up to a batch, deliver
 * it, commit only when delivered; otherwise roll back and throw {@link EventDeliveryException}.
 * Returns {@link Status#BACKOFF} when the channel was empty. The runner, not the sink, owns the
 * loop and the backoff. Called from one thread at a time.
 */
public interface Sink extends Lifecycle {

  Status process() throws EventDeliveryException;
}
