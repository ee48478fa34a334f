package io.sluice.rpc.wire;

/**
 * A peer broke the protocol or a limit. The message says what the peer did ("claimed a 2147483647
 * byte buffer, limit 67108864") and is logged with the peer address before the connection closes.
 */
public final class PeerViolationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public PeerViolationException(String whatThePeerDid) {
    super(whatThePeerDid, null, false, false);
  }
}
