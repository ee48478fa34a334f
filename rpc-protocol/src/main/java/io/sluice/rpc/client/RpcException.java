package io.sluice.rpc.client;

/**
 * An RPC call did not succeed: connect failure, timeout, closed connection, a {@code FAILED} or
 * {@code UNKNOWN} status, or a server error. The message names the server as {@code host:port}.
 */
public class RpcException extends Exception {
  private static final long serialVersionUID = 1L;

  public RpcException(String message) {
    super(message);
  }

  public RpcException(String message, Throwable cause) {
    super(message, cause);
  }
}
