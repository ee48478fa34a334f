package io.sluice.rpc.wire;

/** The peer answered a call with an Avro error (its message is the peer's text). */
public final class RemoteCallException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public RemoteCallException(String remoteMessage) {
    super(remoteMessage);
  }
}
