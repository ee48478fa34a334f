package io.sluice.core.metrics;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Keeps the monitoring server's connections few and short: one past {@code max} is closed at once,
 * and each is closed when its deadline passes, whatever it is doing (a scrape takes milliseconds;
 * a client still sending its request after the timeout is stalled or hostile).
 */
final class ConnectionLimit extends ChannelInboundHandlerAdapter {
  private final AtomicInteger open;
  private final int max;
  private final Duration timeout;
  private ScheduledFuture<?> deadline;

  ConnectionLimit(AtomicInteger open, int max, Duration timeout) {
    this.open = open;
    this.max = max;
    this.timeout = timeout;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    if (open.incrementAndGet() > max) {
      ctx.close();
      return;
    }
    deadline = ctx.executor().schedule((Runnable) ctx::close, timeout.toMillis(),
        TimeUnit.MILLISECONDS);
    super.channelActive(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    open.decrementAndGet();
    if (deadline != null) {
      deadline.cancel(false);
    }
    super.channelInactive(ctx);
  }
}
