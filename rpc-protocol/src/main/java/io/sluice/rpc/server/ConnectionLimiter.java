package io.sluice.rpc.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a new connection when the server already has {@code maxConnections}. One instance per
 * connection sharing the server-wide counter; used on the connection's event loop only.
 */
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimiter.class);
  private final AtomicInteger open;
  private final int max;
  private boolean counted;

  ConnectionLimiter(AtomicInteger open, int max) {
    this.open = open;
    this.max = max;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      LOG.warn("Refused connection from {}: server already has maxConnections={} connections",
          ctx.channel().remoteAddress(), max);
      ctx.close();
      return;
    }
    counted = true;
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (counted) {
      counted = false;
      open.decrementAndGet();
    }
    super.channelInactive(ctx);
  }
}
