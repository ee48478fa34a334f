package io.sluice.api;

/** A put found the channel full for longer than its keep-alive. The message names the channel. */
public class ChannelFullException extends ChannelException {
  private static final long serialVersionUID = 1L;

  public ChannelFullException(String message) {
    super(message);
  }
}
