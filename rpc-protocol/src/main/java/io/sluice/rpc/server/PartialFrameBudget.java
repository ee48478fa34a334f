package io.sluice.rpc.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.sluice.rpc.wire.FrameDecoder;

/**
 * Charges the bytes a connection's {@link FrameDecoder} holds (a frame not complete yet) to the
 * server's {@link MemoryBudget}: sits right before the decoder and, once each read has passed
 * through it, takes or gives back the change. A connection that would exceed the budget is
 * failed (one log line, then closed). Complete frames that arrive in one read are never charged.
 * One instance per connection, used on its event loop only.
 */
final class PartialFrameBudget extends ChannelInboundHandlerAdapter {
  private final MemoryBudget budget;
  private final FrameDecoder decoder;
  private long charged;

  PartialFrameBudget(MemoryBudget budget, FrameDecoder decoder) {
    this.budget = budget;
    this.decoder = decoder;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ctx.fireChannelRead(msg); // the decoder runs to completion on this thread
    long delta = decoder.heldBytes() - charged;
    if (delta < 0) {
      budget.give(-delta);
      charged += delta;
    } else if (delta > 0) {
      if (budget.tryTake(delta)) {
        charged += delta;
      } else if (ctx.channel().isActive()) {
        ctx.fireExceptionCaught(budget.exceeded(delta));
      }
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    budget.give(charged);
    charged = 0;
    super.channelInactive(ctx);
  }
}
