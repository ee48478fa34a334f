package io.sluice.rpc.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * Closes a new connection when the server already has {@code maxConnections}, or its remote
 * address already has {@code maxConnectionsPerPeer}; refusals are logged through a {@link
 * WarnThrottle}, so a flood of connections cannot flood the log. One instance per connection
 * sharing the server's {@link ConnectionSlots} (also the netcat source's); used on the connection's
 * event loop only.
 */
public final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
  private final ConnectionSlots slots;
  private final WarnThrottle warnings;
  private InetAddress counted;

  public ConnectionLimiter(ConnectionSlots slots, WarnThrottle warnings) {
    this.slots = slots;
    this.warnings = warnings;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    InetAddress peer = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
    String refused = slots.tryTake(peer);
    if (refused != null) {
      warnings.warn("Refused connection from {}: {}", ctx.channel().remoteAddress(), refused);
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
