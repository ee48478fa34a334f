package io.sluice.rpc.server;

import io.netty.channel.Channel;
import io.netty.channel.socket.nio.NioSocketChannel;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;

/**
 * A Java NIO server connection whose small replies a handler thread may write to the socket
 * itself, saving the wake-up of the connection's I/O thread per call. Safe from any thread: the
 * JDK's socket channel serialises writes and defers closing its descriptor until a write in
 * progress has returned, so a write never lands on a descriptor reused by another connection.
 */
final class DirectWriteSocketChannel extends NioSocketChannel implements DirectWrite {
  DirectWriteSocketChannel(Channel parent, SocketChannel socket) {
    super(parent, socket);
  }

  /** The JDK socket, for a handler thread to read while the I/O thread does not. */
  SocketChannel socket() {
    return javaChannel();
  }

  @Override
  public void writeNow(ByteBuffer bytes) throws IOException {
    javaChannel().write(bytes);
  }
}
