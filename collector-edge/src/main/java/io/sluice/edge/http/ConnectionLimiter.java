package io.sluice.edge.http;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a new connection when the source already has {@code max-connections}; logs one warning
 * per episode (until a connection is accepted again). One instance per connection sharing the
 * source's counters; used on the connection's event loop only.
 */
final class ConnectionLimiter extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(ConnectionLimiter.class);
  private final String source;
  private final AtomicInteger open;
  private final AtomicBoolean refusing;
  private final int max;
  private final HttpCounters counters;
  private boolean counted;

  ConnectionLimiter(String source, AtomicInteger open, AtomicBoolean refusing, int max,
      HttpCounters counters) {
    this.source = source;
    this.open = open;
    this.refusing = refusing;
    this.max = max;
    this.counters = counters;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    if (open.incrementAndGet() > max) {
      open.decrementAndGet();
      counters.refused();
      if (refusing.compareAndSet(false, true)) {
        LOG.warn("HTTP source {}: refusing connections (first from {}): already {} open, its"
            + " max-connections", source, ctx.channel().remoteAddress(), max);
      }
      ctx.close();
      return;
    }
    if (refusing.compareAndSet(true, false)) {
      LOG.info("HTTP source {}: accepting connections again", source);
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
