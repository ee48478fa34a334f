package io.sluice.rpc.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * First handler of a connection: closes it when {@link IpFilterRules} deny the peer, and holds
 * back its {@code channelActive} (so it is neither counted nor read) until they have decided.
 * When a {@code name} rule must be consulted, the host name comes from the server's {@link
 * HostNameResolver}, never from a lookup on the event loop; a lookup slower than {@code timeout}
 * decides with the address text, as for an address without a PTR record. One instance per
 * connection, used on its event loop only.
 */
final class IpFilterHandler extends ChannelInboundHandlerAdapter {
  private final IpFilterRules rules;
  private final HostNameResolver names;
  private final long timeoutMillis;
  private final WarnThrottle warnings;
  private boolean decided;

  IpFilterHandler(IpFilterRules rules, HostNameResolver names, Duration timeout,
      WarnThrottle warnings) {
    this.rules = rules;
    this.names = names;
    this.timeoutMillis = timeout.toMillis();
    this.warnings = warnings;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) {
    InetAddress address = ((InetSocketAddress) ctx.channel().remoteAddress()).getAddress();
    if (!rules.needsHostName(address)) {
      decide(ctx, address, address.getHostAddress(), false);
      return;
    }
    ctx.channel().config().setAutoRead(false); // before the pipeline's first read
    ScheduledFuture<?> timeout = ctx.executor().schedule(
        () -> decide(ctx, address, address.getHostAddress(), true),
        timeoutMillis, TimeUnit.MILLISECONDS);
    names.hostName(address).thenAccept(name -> ctx.executor().execute(() -> {
      timeout.cancel(false);
      decide(ctx, address, name, true);
    }));
  }

  private void decide(ChannelHandlerContext ctx, InetAddress address, String hostName,
      boolean lookedUp) {
    if (decided || !ctx.channel().isActive()) {
      return;
    }
    decided = true;
    if (!rules.allows(address, hostName)) {
      warnings.warn("Refused connection from {}{}: denied by ipFilterRules rule '{}'",
          ctx.channel().remoteAddress(), lookedUp ? " (host name " + hostName.replaceAll("\\p{Cntrl}", "?") + ")" : "",
          rules.matchingRule(address, hostName));
      ctx.close();
      return;
    }
    ctx.fireChannelActive();
    ctx.pipeline().remove(this);
    if (lookedUp && ctx.channel().isActive()) {
      ctx.channel().config().setAutoRead(true);
    }
  }
}
