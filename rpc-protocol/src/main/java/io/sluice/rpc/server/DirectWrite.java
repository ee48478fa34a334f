package io.sluice.rpc.server;

import java.io.IOException;
import java.nio.ByteBuffer;

/** A socket that any thread may write to without blocking. */
interface DirectWrite {
  /**
   * Writes as much of {@code bytes} as the socket takes now, advancing its position.
   *
   * @throws IOException when the connection is closed or broken
   */
  void writeNow(ByteBuffer bytes) throws IOException;
}
