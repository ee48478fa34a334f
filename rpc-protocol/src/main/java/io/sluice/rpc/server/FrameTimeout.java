package io.sluice.rpc.server;

import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.sluice.rpc.wire.Frame;
import io.sluice.rpc.wire.FrameDecoder;
import io.sluice.rpc.wire.PeerViolationException;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Closes a connection that completes no frame in time. The clock restarts at each complete frame
 * (and each reply), never at a mere byte, so trickling a byte at a time cannot hold half a frame.
 * While part of a frame is held, or before the first frame, the limit is {@code idleTimeout}
 * (a peer fault, logged as one WARN); between calls it is {@code connectionIdleTimeout} (a
 * quiet close: Flume and Sluice senders reconnect). Time with a call in flight or with reading
 * paused by the server (auto-read off, whoever turned it off: back-pressure through the {@link
 * ReadGate}, or the ipFilter waiting for a host name) does not count: the peer cannot complete a
 * frame the server does not read. Sits between the frame codec and the calls, so it sees
 * Frames both ways; it only counts them, and reads the clock in its periodic check (every quarter
 * of the shortest limit), so a connection is closed between 1 and 1.5 times its limit after its
 * last frame. One instance per connection, used on its event loop only.
 */
final class FrameTimeout extends ChannelDuplexHandler {
  private static final Logger LOG = LoggerFactory.getLogger(FrameTimeout.class);
  private final FrameDecoder decoder;
  private final long idleNanos;
  private final long connectionIdleNanos;
  private long lastProgress;
  private long frames;
  private long framesAtLastCheck;
  private int inFlight; // calls received and not yet answered
  private ScheduledFuture<?> check;

  /** Zero durations disable the limit they set; at least one must be non-zero. */
  FrameTimeout(FrameDecoder decoder, Duration idleTimeout, Duration connectionIdleTimeout) {
    this.decoder = decoder;
    this.idleNanos = idleTimeout.toNanos();
    this.connectionIdleNanos = connectionIdleTimeout.toNanos();
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    lastProgress = System.nanoTime();
    // a quarter of the shortest limit: a few cheap checks per connection and limit
    long every = Math.max(TimeUnit.MILLISECONDS.toNanos(10),
        Math.min(idleNanos == 0 ? Long.MAX_VALUE : idleNanos,
            connectionIdleNanos == 0 ? Long.MAX_VALUE : connectionIdleNanos) / 4);
    check = ctx.executor().scheduleWithFixedDelay(
        () -> check(ctx), every, every, TimeUnit.NANOSECONDS);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    if (msg instanceof Frame) {
      frames++;
      inFlight++;
    }
    ctx.fireChannelRead(msg);
  }

  @Override
  public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
    if (msg instanceof Frame) {
      inFlight--;
    }
    ctx.write(msg, promise);
  }

  private void check(ChannelHandlerContext ctx) {
    long now = System.nanoTime();
    if (frames != framesAtLastCheck || inFlight > 0 || !ctx.channel().config().isAutoRead()) {
      framesAtLastCheck = frames; // a frame came, or the peer waits for the server
      lastProgress = now;
      return;
    }
    long idle = now - lastProgress;
    boolean partial = decoder.holdsBytes();
    if (partial || frames == 0) {
      if (idleNanos > 0 && idle >= idleNanos) {
        stop();
        ctx.fireExceptionCaught(new PeerViolationException(partial
            ? "sent an incomplete frame and then no complete frame for "
                + millis(idleNanos) + " ms (idleTimeout)"
            : "sent no complete frame within " + millis(idleNanos) + " ms of connecting"));
      }
    } else if (connectionIdleNanos > 0 && idle >= connectionIdleNanos) {
      stop();
      LOG.debug("Closing connection from {}: no call for {} ms (connectionIdleTimeout)",
          ctx.channel().remoteAddress(), millis(connectionIdleNanos));
      ctx.close();
    }
  }

  private static long millis(long nanos) {
    return TimeUnit.NANOSECONDS.toMillis(nanos);
  }

  private void stop() {
    if (check != null) {
      check.cancel(false);
      check = null;
    }
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    stop();
    super.channelInactive(ctx);
  }

  @Override
  public void handlerRemoved(ChannelHandlerContext ctx) {
    stop();
  }
}
