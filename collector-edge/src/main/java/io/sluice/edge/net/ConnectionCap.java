package io.sluice.edge.net;

import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;

/**
 * A network source's {@code max-connections}: counts its open connections, and each connection's
 * {@linkplain #newGuard guard} closes it at once when the source already has that many. Every
 * refusal is counted; the log gets one WARN when refusals start and one INFO when a connection is
 * accepted again, so a flood of connections cannot flood it. Thread-safe.
 */
public final class ConnectionCap {
  private final Logger log;
  private final String source;
  private final int max;
  private final Runnable countRefusal;
  private final AtomicInteger open = new AtomicInteger();
  private final AtomicBoolean refusing = new AtomicBoolean();

  /**
   * @param log the source's logger
   * @param source the source as its log lines name it, e.g. {@code "HTTP source h1"}
   * @param countRefusal increments the source's refused-connections counter
   */
  public ConnectionCap(Logger log, String source, int max, Runnable countRefusal) {
    this.log = log;
    this.source = source;
    this.max = max;
    this.countRefusal = countRefusal;
  }

  /** Connections open now. */
  public int open() {
    return open.get();
  }

  /** The handler that admits or refuses one new connection: first in its pipeline. */
  public ChannelHandler newGuard() {
    return new Guard();
  }

  private final class Guard extends ChannelInboundHandlerAdapter {
    private boolean counted; // touched on the connection's event loop only

    @Override
    public void channelActive(ChannelHandlerContext ctx) throws Exception {
      if (open.incrementAndGet() > max) {
        open.decrementAndGet();
        countRefusal.run();
        if (refusing.compareAndSet(false, true)) {
          log.warn("{}: refusing connections (first from {}): already {} open, its"
              + " max-connections", source, ctx.channel().remoteAddress(), max);
        }
        ctx.close();
        return;
      }
      if (refusing.compareAndSet(true, false)) {
        log.info("{}: accepting connections again", source);
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
}
