package io.sluice.rpc.server;

import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.util.internal.SocketUtils;
import java.io.IOException;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A Java NIO listening socket whose accepted connections are {@link DirectWriteSocketChannel}s;
 * otherwise as Netty's {@link NioServerSocketChannel}.
 */
final class DirectWriteServerSocketChannel extends NioServerSocketChannel {
  private static final Logger LOG = LoggerFactory.getLogger(DirectWriteServerSocketChannel.class);

  @Override
  protected int doReadMessages(List<Object> buf) throws Exception {
    SocketChannel accepted = SocketUtils.accept(javaChannel());
    if (accepted == null) {
      return 0;
    }
    try {
      buf.add(new DirectWriteSocketChannel(this, accepted));
      return 1;
    } catch (Throwable t) {
      // As Netty does: one bad accept must not stop the server accepting others.
      LOG.warn("Cannot set up an accepted connection; closing it", t);
      try {
        accepted.close();
      } catch (IOException e) {
        LOG.debug("Closing a connection that could not be set up failed", e);
      }
      return 0;
    }
  }
}
