package io.sluice.api.http;

/** A request a handler cannot turn into events; the client gets 400 with the message. */
public class HttpBadRequestException extends Exception {
  private static final long serialVersionUID = 1L;

  public HttpBadRequestException(String message) {
    super(message);
  }

  public HttpBadRequestException(String message, Throwable cause) {
    super(message, cause);
  }
}
