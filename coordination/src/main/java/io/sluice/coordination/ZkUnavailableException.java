package io.sluice.coordination;

/** ZooKeeper could not be reached, or an operation on it failed; the message names the server or path. */
public class ZkUnavailableException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ZkUnavailableException(String message) {
    super(message);
  }

  public ZkUnavailableException(String message, Throwable cause) {
    super(message, cause);
  }
}
