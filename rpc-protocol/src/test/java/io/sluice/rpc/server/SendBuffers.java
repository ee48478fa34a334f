package io.sluice.rpc.server;

/**
 * Test access to the server's socket send buffer: a small {@code SO_SNDBUF} makes replies back up
 * in the server, which tests of slow readers need. Not a user setting, so not in
 * {@link RpcServerConfig}.
 */
public final class SendBuffers {
  private SendBuffers() {}

  /** {@code server}, not yet started, with each connection's send buffer at {@code bytes}. */
  public static AvroRpcServer small(AvroRpcServer server, int bytes) {
    return server.sendBufferBytes(bytes);
  }
}
