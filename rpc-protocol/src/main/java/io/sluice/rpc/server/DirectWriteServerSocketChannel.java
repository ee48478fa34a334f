package io.sluice.rpc.server;

import io.netty.channel.socket.nio.NioServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A Java NIO listening socket whose accepted connections are {@link DirectWriteSocketChannel}s. */
final class DirectWriteServerSocketChannel extends NioServerSocketChannel {
  private static final Logger LOG = LoggerFactory.getLogger(DirectWriteServerSocketChannel.class);

  @Override
  protected int doReadMessages(List<Object> buf) throws Exception {
    SocketChannel accepted = javaChannel().accept();
    if (accepted == null) {
      return 0;
    }
    try {
      buf.add(new DirectWriteSocketChannel(this, accepted));
      return 1;
    } catch (RuntimeException e) {
      LOG.warn("Cannot set up the connection from {}; closing it", accepted.getRemoteAddress(), e);
      accepted.close();
      return 0;
    }
  }
}
