package io.sluice.api;

/**
 * A batch went into the first of its required channels and then a later one failed for a reason
 * other than being full (a file channel short of disk, a Kafka channel without an
 * acknowledgement): see {@link PartlyPut}.
 */
public class PartlyFailedException extends ChannelException implements PartlyPut {
  private static final long serialVersionUID = 1L;
  private final transient Runnable rest;

  /** {@code message} and {@code cause} as the channel's failure's; {@code rest} resumes. */
  public PartlyFailedException(String message, Throwable cause, Runnable rest) {
    super(message, cause);
    this.rest = rest;
  }

  @Override
  public void putTheRest() {
    rest.run();
  }
}
