package io.sluice.api;

/** A channel operation failed; the transaction must be rolled back. */
public class ChannelException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ChannelException(String message) {
    super(message);
  }

  public ChannelException(String message, Throwable cause) {
    super(message, cause);
  }
}
