package io.sluice.bench;

/** One channel under benchmark: a put transaction and a take transaction, each committed. */
interface BenchChannel extends AutoCloseable {

  /** Puts the bodies in one transaction and commits. */
  void putBatch(byte[][] bodies) throws Exception;

  /** Takes up to {@code max} events in one transaction and commits; returns how many. */
  int takeBatch(int max) throws Exception;

  /** Log syncs so far, or -1 if the channel does not count them. */
  long syncs();

  @Override
  void close() throws Exception;
}
