package io.sluice.rpc.server;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ipfilter.AbstractRemoteAddressFilter;
import java.net.InetSocketAddress;

/** First handler of a connection: closes it when {@link IpFilterRules} deny the peer. Sharable. */
@Sharable
final class IpFilterHandler extends AbstractRemoteAddressFilter<InetSocketAddress> {
  private final IpFilterRules rules;
  private final WarnThrottle warnings;

  IpFilterHandler(IpFilterRules rules, WarnThrottle warnings) {
    this.rules = rules;
    this.warnings = warnings;
  }

  @Override
  protected boolean accept(ChannelHandlerContext ctx, InetSocketAddress peer) {
    return rules.allows(peer);
  }

  @Override
  protected ChannelFuture channelRejected(ChannelHandlerContext ctx, InetSocketAddress peer) {
    warnings.warn("Refused connection from {}: denied by ipFilterRules rule '{}'",
        peer, rules.matchingRule(peer));
    return ctx.close();
  }
}
