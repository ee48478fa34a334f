package io.sluice.api.config;

/**
 * Implemented by the typed config of a source or sink that moves batches, so the runtime can check
 * the batch fits the channel's transaction capacity (Flume's rule, checked at load time).
 */
public interface BatchSized {

  int batchSize();

  /** The key that sets the batch size, for error messages (e.g. {@code batch-size}). */
  String batchSizeKey();
}
