package io.sluice.api;

/** A sink or pollable source could not move a batch; the batch was rolled back and will be retried. */
public class EventDeliveryException extends Exception {
  private static final long serialVersionUID = 1L;

  public EventDeliveryException(String message) {
    super(message);
  }

  public EventDeliveryException(String message, Throwable cause) {
    super(message, cause);
  }
}
