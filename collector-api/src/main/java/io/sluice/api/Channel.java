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

  /**
   * The most events one transaction may put or take ({@code transactionCapacity});
   * {@link Integer#MAX_VALUE} when the channel sets no such limit or does not know it.
   */
  default int transactionCapacity() {
    return Integer.MAX_VALUE;
  }

  /**
   * The most body bytes one transaction can ever put, however empty the channel (a memory
   * channel's {@code byteCapacity} less the share it keeps for headers); {@link Long#MAX_VALUE}
   * when the channel sets no such limit.
   */
  default long transactionBodyBytes() {
    return Long.MAX_VALUE;
  }

  /**
   * Whether {@link Transaction#commitNow()} can ever succeed here: true when a commit is an
   * in-memory step that waits only for room. False by default, as for durable channels, whose
   * commits wait for a disk; callers that must never block then do not even stage a batch.
   */
  default boolean canCommitNow() {
    return false;
  }
}
