package io.sluice.api;

/**
 * A transaction can never commit as it is, however empty the channel: it holds more events than
 * the channel's {@code transactionCapacity}, or more body bytes than its whole byte budget. Not a
 * full channel, so waiting does not help; smaller batches may pass, and a single event that gets
 * this never will.
 */
public class OversizedBatchException extends ChannelException {
  private static final long serialVersionUID = 1L;

  public OversizedBatchException(String message) {
    super(message);
  }

  public OversizedBatchException(String message, Throwable cause) {
    super(message, cause);
  }
}
