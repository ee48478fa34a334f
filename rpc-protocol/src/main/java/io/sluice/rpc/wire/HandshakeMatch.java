package io.sluice.rpc.wire;

/** Avro's {@code HandshakeMatch}, in wire order. */
public enum HandshakeMatch {
  /** Server knows the client's protocol and the client guessed the server's. */
  BOTH,
  /** Server knows the client's protocol; it sends its own since the client guessed wrong. */
  CLIENT,
  /** Server does not know the client's protocol; the client must resend its protocol text. */
  NONE
}
