package io.sluice.rpc.server;

import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ipfilter.AbstractRemoteAddressFilter;
import java.net.InetSocketAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** First handler of a connection: closes it when {@link IpFilterRules} deny the peer. Sharable. */
@Sharable
final class IpFilterHandler extends AbstractRemoteAddressFilter<InetSocketAddress> {
  private static final Logger LOG = LoggerFactory.getLogger(IpFilterHandler.class);
  private final IpFilterRules rules;

  IpFilterHandler(IpFilterRules rules) {
    this.rules = rules;
  }

  @Override
  protected boolean accept(ChannelHandlerContext ctx, InetSocketAddress peer) {
    return rules.allows(peer);
  }

  @Override
  protected ChannelFuture channelRejected(ChannelHandlerContext ctx, InetSocketAddress peer) {
    LOG.warn("Refused connection from {}: denied by ipFilterRules rule '{}'",
        peer, rules.matchingRule(peer));
    return ctx.close();
  }
}
