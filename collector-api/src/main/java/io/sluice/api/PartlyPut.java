package io.sluice.api;

/**
 * A batch went into the first of its required channels and then a later one refused it: the
 * channels before that one keep it. A source that retries the batch on its own (rather than
 * through its sender) calls {@link #putTheRest} instead of putting the batch again, so those
 * channels do not receive it twice. Only {@link ChannelProcessor#processEventBatch} throws one:
 * {@link PartlyPutException} when the later channel was full, {@link PartlyFailedException} when
 * it failed otherwise. Not thread-safe: retry from one thread.
 */
public interface PartlyPut {

  /**
   * Puts the batch into the required channel that refused it and the ones after it, then its
   * optional ones; throws as a first put would (another {@code PartlyPut} when one still
   * refuses).
   */
  void putTheRest();
}
