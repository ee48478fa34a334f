package io.sluice.core.source;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * On a listening socket: when accepting fails (too many open files, EMFILE / ENFILE, or out of
 * memory for the socket), stops accepting for a backoff from {@value #FIRST_BACKOFF_MILLIS} ms
 * doubling to {@value #MAX_BACKOFF_MILLIS} ms and then tries again, so the source never stops
 * accepting and never spins on the error. An episode is logged once when it starts (WARN) and once
 * when a connection is accepted again (INFO, with the count). The waiting connections stay in the
 * kernel's backlog meanwhile. One instance per listening socket, used on its event loop only.
 */
final class AcceptFailures extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(NetcatSource.class);
  static final long FIRST_BACKOFF_MILLIS = 10;
  static final long MAX_BACKOFF_MILLIS = 1000;

  private final String source;
  private long failures;
  private long since;
  private long backoffMillis;

  AcceptFailures(String source) {
    this.source = source;
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    // Not passed on: Netty's own acceptor would log every failure and pause only 1 s.
    if (failures++ == 0) {
      since = System.nanoTime();
      backoffMillis = FIRST_BACKOFF_MILLIS;
      LOG.warn("Source {}: cannot accept connections: {}; retrying with a backoff up to {} ms"
          + " (logged again when it accepts again)", source, cause.toString(), MAX_BACKOFF_MILLIS);
    } else {
      backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
    }
    ctx.channel().config().setAutoRead(false);
    ctx.executor().schedule(() -> {
      if (ctx.channel().isOpen()) {
        ctx.channel().config().setAutoRead(true);
      }
    }, backoffMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object accepted) {
    if (failures > 0) {
      LOG.info("Source {}: accepting connections again after {} failed accepts in {} ms", source,
          failures, TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - since));
      failures = 0;
    }
    ctx.fireChannelRead(accepted);
  }
}
