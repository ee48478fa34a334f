package io.sluice.rpc.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.sluice.rpc.wire.PeerViolationException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Stops reading from a peer that does not read its replies: while the connection is unwritable
 * (its queued replies are over the write-buffer high-water mark) it reads no more calls, so it
 * queues no more replies; if it stays unwritable for {@code writeTimeout} it is failed (one log
 * line, then closed). One instance per connection, used on its event loop only.
 */
final class SlowReaderGuard extends ChannelInboundHandlerAdapter {
  private final ReadGate gate;
  private final long timeoutMillis;
  private ScheduledFuture<?> deadline;

  /** @param writeTimeout {@link Duration#ZERO} never closes (reading still stops) */
  SlowReaderGuard(ReadGate gate, Duration writeTimeout) {
    this.gate = gate;
    this.timeoutMillis = writeTimeout.toMillis();
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    if (!ctx.channel().isWritable()) {
      gate.pause(ReadGate.UNWRITABLE);
      if (deadline == null && timeoutMillis > 0) {
        deadline = ctx.executor().schedule(() -> expire(ctx), timeoutMillis, TimeUnit.MILLISECONDS);
      }
    } else {
      cancel();
      gate.resume(ReadGate.UNWRITABLE);
    }
    super.channelWritabilityChanged(ctx);
  }

  private void expire(ChannelHandlerContext ctx) {
    deadline = null;
    if (ctx.channel().isActive() && !ctx.channel().isWritable()) {
      ctx.fireExceptionCaught(new PeerViolationException("did not read its replies for "
          + timeoutMillis + " ms (writeTimeout)"));
    }
  }

  private void cancel() {
    if (deadline != null) {
      deadline.cancel(false);
      deadline = null;
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    cancel();
    super.channelInactive(ctx);
  }
}
