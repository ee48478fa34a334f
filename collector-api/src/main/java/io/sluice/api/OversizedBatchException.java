package io.sluice.api;

/**
 * A transaction can never commit as it is, however empty the channel: it holds more events than
 * the channel's {@code transactionCapacity} ({@link #maxEvents}), or more body bytes than its whole
 * byte budget ({@link #maxEvents} 0). Not a full channel, so waiting does not help; smaller batches
 * may pass, and a single event that gets this never will.
 */
public class OversizedBatchException extends ChannelException {
  private static final long serialVersionUID = 1L;
  private final int maxEvents;

  /** @param maxEvents the most events one transaction takes, or 0 when bytes were the limit */
  public OversizedBatchException(String message, int maxEvents) {
    super(message);
    this.maxEvents = maxEvents;
  }

  /** The same failure, with {@code message} in front of {@code cause}'s (a wrapper's context). */
  public OversizedBatchException(String message, OversizedBatchException cause) {
    super(message, cause);
    this.maxEvents = cause.maxEvents;
  }

  /** The most events one transaction of the channel takes, or 0 when its byte budget refused. */
  public int maxEvents() {
    return maxEvents;
  }
}
