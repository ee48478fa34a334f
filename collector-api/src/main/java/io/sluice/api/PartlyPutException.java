package io.sluice.api;

/**
 * A batch went into the first of its required channels and then found a later one full: see
 * {@link PartlyPut}.
 */
public class PartlyPutException extends ChannelFullException implements PartlyPut {
  private static final long serialVersionUID = 1L;
  private final transient Runnable rest;

  /** {@code message} and {@code cause} as the channel full failure's; {@code rest} resumes. */
  public PartlyPutException(String message, Throwable cause, Runnable rest) {
    super(message);
    initCause(cause);
    this.rest = rest;
  }

  @Override
  public void putTheRest() {
    rest.run();
  }
}
