package io.sluice.api;

/**
 * Decides which sink of a group handles the next batch ({@code default}, {@code failover},
 * {@code load_balance}). Its {@link #process()} is called by the group's runner; it throws
 * {@link EventDeliveryException} only when no member could take the batch.
 */
public interface SinkProcessor extends Lifecycle {

  Status process() throws EventDeliveryException;
}
