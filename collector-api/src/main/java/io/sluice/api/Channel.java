package io.sluice.api;

/**
 * A buffer between sources and sinks, accessed only through transactions.
 *
 * <p>Thread-safe. {@link #getTransaction()} returns the calling thread's open transaction if it has
 * one, or a new one; each thread therefore has at most one open transaction per channel.
 */
public interface Channel extends Lifecycle {

  String getName();

  Transaction getTransaction();

  /** Events currently stored (committed puts minus committed takes). */
  long size();

  /** Maximum number of events this channel holds. */
  long capacity();
}
