package io.sluice.api;

/**
 * A batch went into the first of its required channels and then found a later one full: the
 * channels before that one keep it. A source that retries the batch on its own (rather than
 * through its sender) calls {@link #putTheRest} instead of putting the batch again, so those
 * channels do not receive it twice; the call puts it into the full channel and the ones after it
 * and throws as a first put would (another {@code PartlyPutException} when one is still full).
 * Only {@link ChannelProcessor#processEventBatch} throws it. Not thread-safe: retry from one thread.
 */
public class PartlyPutException extends ChannelFullException {
  private static final long serialVersionUID = 1L;
  private final transient Runnable rest;

  /** {@code message} and {@code cause} as the channel full failure's; {@code rest} resumes. */
  public PartlyPutException(String message, Throwable cause, Runnable rest) {
    super(message);
    initCause(cause);
    this.rest = rest;
  }

  /** Puts the batch into the required channels that did not take it, then its optional ones. */
  public void putTheRest() {
    rest.run();
  }
}
