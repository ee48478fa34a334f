package io.sluice.rpc.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a new connection when the server already has {@code maxConnections}, or its remote
 * address already has {@code maxConnectionsPerPeer}. One instance per connection sharing the
 * server's {@link ConnectionSlots}; used on the connection's event loop only.
 */
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimiter.class);
  private final ConnectionSlots slots;
  private InetAddress counted;

  ConnectionLimiter(ConnectionSlots slots) {
    this.slots = slots;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    InetAddress peer = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
    String refused = slots.tryTake(peer);
    if (refused != null) {
      LOG.warn("Refused connection from {}: {}", ctx.channel().remoteAddress(), refused);
      ctx.close();
      return;
    }
    counted = peer;
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (counted != null) {
      slots.give(counted);
      counted = null;
    }
    super.channelInactive(ctx);
  }
}
