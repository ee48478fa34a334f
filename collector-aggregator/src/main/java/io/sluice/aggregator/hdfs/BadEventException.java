package io.sluice.aggregator.hdfs;

/**
 * An event that cannot be written as it is, whatever the state of HDFS (for example a time escape
 * in {@code hdfs.path} with no {@code timestamp} header). Retrying the batch cannot help, so the
 * sink routes such an event by its bad-event policy instead of rolling the batch back.
 */
public final class BadEventException extends Exception {
  private static final long serialVersionUID = 1L;

  public BadEventException(String message) {
    super(message);
  }

  public BadEventException(String message, Throwable cause) {
    super(message, cause);
  }
}
