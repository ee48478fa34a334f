package io.sluice.rpc.server;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.sluice.rpc.wire.FrameDecoder;
import io.sluice.rpc.wire.PeerViolationException;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;

/**
 * Charges the bytes a connection's {@link FrameDecoder} holds (a frame not complete yet) to the
 * server's {@link MemoryBudget}: sits right before the decoder and, once each read has passed
 * through it, takes or gives back the change. When the budget is full, room is made by closing
 * the connections whose partial frames are older than this one ({@link PartialFrameHolders});
 * if they hold too little, this connection is failed instead (one log line, then closed).
 * Complete frames that arrive in one read are never charged. One instance per connection, used
 * on its event loop only (but for {@link #charged()} and {@link #evict}, which any thread may
 * call).
 */
final class PartialFrameBudget extends ChannelInboundHandlerAdapter {
  private final MemoryBudget budget;
  private final PartialFrameHolders holders;
  private final FrameDecoder decoder;
  private volatile long charged;
  private PartialFrameHolders.Holding holding;
  private long freeing; // bytes noted as freeing by this connection's eviction
  private ChannelHandlerContext ctx;

  PartialFrameBudget(MemoryBudget budget, PartialFrameHolders holders, FrameDecoder decoder) {
    this.budget = budget;
    this.holders = holders;
    this.decoder = decoder;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    this.ctx = ctx;
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    ctx.fireChannelRead(msg); // the decoder runs to completion on this thread
    settle();
    long delta = decoder.heldBytes() - charged;
    if (delta > 0) {
      if (take(delta)) {
        charged += delta;
      } else if (ctx.channel().isActive()) {
        ctx.fireExceptionCaught(budget.exceeded(delta));
      }
    }
    track();
  }

  /**
   * Takes {@code bytes} for this connection from the budget, making room by closing connections
   * with older partial frames if need be; false, taking nothing, if even that cannot make room.
   * Event loop only.
   */
  boolean take(long bytes) {
    if (budget.tryTake(bytes)) {
      return true;
    }
    long since = holding == null ? System.nanoTime() : holding.sinceNanos();
    if (holders.evictOlderThan(since, budget.excess(bytes))) {
      budget.take(bytes); // over the limit only until the evicted connections close
      return true;
    }
    return false;
  }

  /**
   * Gives back what the decoder no longer holds, e.g. a frame just completed, so that its decoded
   * call is not charged on top of its own wire bytes. Event loop only.
   */
  void settle() {
    long delta = decoder.heldBytes() - charged;
    if (delta < 0) {
      budget.give(-delta);
      charged += delta;
      track();
    }
  }

  /** Keeps this connection listed among the holders exactly while it holds a partial frame. */
  private void track() {
    if (charged > 0 && holding == null) {
      holding = holders.add(this, System.nanoTime());
    } else if (charged == 0 && holding != null) {
      holders.remove(holding);
      holding = null;
    }
  }

  long charged() {
    return charged;
  }

  /**
   * Closes this connection to make room, unless the partial frame {@code h} is gone already;
   * {@code bytes} count as freeing until it has closed.
   */
  void evict(PartialFrameHolders.Holding h, long bytes) {
    budget.freeing(bytes);
    try {
      ctx.executor().execute(() -> closeForRoom(h, bytes));
    } catch (RejectedExecutionException serverClosing) {
      budget.freed(bytes);
    }
  }

  private void closeForRoom(PartialFrameHolders.Holding h, long bytes) {
    if (holding != h || !ctx.channel().isActive()) {
      budget.freed(bytes); // its frame completed or it closed: the bytes were given back
      return;
    }
    freeing += bytes;
    ctx.fireExceptionCaught(new PeerViolationException("held " + charged + " bytes of an "
        + "incomplete frame for " + TimeUnit.NANOSECONDS.toMillis(System.nanoTime()
        - h.sinceNanos()) + " ms, longer than others, when the server's buffered bytes were "
        + "about to go over " + budget.limit() + " (maxBufferedBytes): closed to make room"));
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    budget.give(charged);
    charged = 0;
    budget.freed(freeing);
    freeing = 0;
    track();
    super.channelInactive(ctx);
  }
}
