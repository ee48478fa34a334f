package io.sluice.core.source;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.concurrent.ScheduledFuture;
import io.sluice.api.ChannelFullException;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.rpc.server.WarnThrottle;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One netcat connection after its {@link NetcatLineDecoder}: puts each line as one event, one
 * after the other (Flume's protocol), on the source's small put pool, since a put may wait for a
 * full channel and the event loop serves many connections.
 *
 * <p>Backpressure: while its lines are being put the connection is not read (auto-read off, so
 * the sender's TCP window closes), nor while its replies are not taken. With {@code
 * ack-every-event} a line the channel refused is answered {@code FAILED: <fixed reason>} (never
 * the internal message, which may name directories or sizes) and the client may resend it; without
 * acks nobody would hear of it, so the put is retried with a backoff until it goes in.
 *
 * <p>Stop: lines already read are the source's to store (without acks the client heard nothing
 * and will not send them again), so on {@link #DRAIN} the connection stops reading, puts what it
 * holds (retrying a full channel as always) and only then closes. The source closes whatever
 * still holds lines when its stop grace ends, and each such connection logs how many it lost.
 *
 * <p>Idle clients: a connection that sends no complete line for {@code idle-timeout} is closed,
 * so a client trickling a line byte by byte cannot hold its slot; time spent waiting for the
 * channel does not count. One instance per connection, used on its event loop (the puts on the
 * put pool see only their own copy of the lines).
 */
final class NetcatConnection extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(NetcatConnection.class);
  private static final byte[] OK = bytes("OK\n");
  private static final byte[] FULL = bytes("FAILED: the channel is full\n");
  private static final byte[] NOT_STORED = bytes("FAILED: the event could not be stored\n");
  private static final long FIRST_RETRY_MILLIS = 1;
  private static final long MAX_RETRY_MILLIS = 100;
  /** Lines decoded from one read; more stop the reading until they are put. */
  private static final int MAX_PENDING = 1024;
  /** The source is stopping: read no more, store what was read, then close. */
  static final Object DRAIN = new Object();

  private final String source;
  private final NetcatSourceConfig config;
  private final ChannelProcessor channels;
  private final SourceCounters counters;
  private final Executor puts;
  private final NetcatWarnings warnings;
  private final List<NetcatLine> pending = new ArrayList<>();
  private boolean putting;
  private boolean draining;
  private long retryMillis;
  private long lastLineNanos;
  private boolean warnedTruncation;
  private ScheduledFuture<?> idleCheck;

  NetcatConnection(String source, NetcatSourceConfig config, ChannelProcessor channels,
      SourceCounters counters, Executor puts, NetcatWarnings warnings) {
    this.source = source;
    this.config = config;
    this.channels = channels;
    this.counters = counters;
    this.puts = puts;
    this.warnings = warnings;
  }

  @Override
  public void channelActive(ChannelHandlerContext ctx) throws Exception {
    lastLineNanos = System.nanoTime();
    scheduleIdleCheck(ctx, config.idleTimeout().toNanos());
    super.channelActive(ctx);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    NetcatLine line = (NetcatLine) msg;
    lastLineNanos = System.nanoTime();
    if (line.truncated()) {
      noteTruncation(ctx);
    }
    pending.add(line);
    if (pending.size() >= MAX_PENDING) {
      ctx.channel().config().setAutoRead(false);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    putPending(ctx);
    ctx.fireChannelReadComplete();
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) throws Exception {
    if (evt != DRAIN) {
      super.userEventTriggered(ctx, evt);
      return;
    }
    draining = true;
    ctx.channel().config().setAutoRead(false);
    closeIfDrained(ctx);
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) throws Exception {
    if (draining && !pending.isEmpty()) {
      // the stop grace ended with the channel still full: say what is lost
      LOG.warn("Source {}: stopped with {} line(s) read from {} not stored: the channel stayed"
          + " full", source, pending.size(), ctx.channel().remoteAddress());
      pending.clear();
    } else {
      putPending(ctx); // the last line, sent without '\n' before the close
    }
    if (idleCheck != null) {
      idleCheck.cancel(false);
    }
    super.channelInactive(ctx);
  }

  @Override
  public void channelWritabilityChanged(ChannelHandlerContext ctx) throws Exception {
    resumeIfIdle(ctx);
    super.channelWritabilityChanged(ctx);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    LOG.debug("Source {}: connection from {} failed: {}", source, ctx.channel().remoteAddress(),
        cause.toString());
    ctx.close();
  }

  private void putPending(ChannelHandlerContext ctx) {
    if (putting || pending.isEmpty()) {
      return;
    }
    putting = true;
    ctx.channel().config().setAutoRead(false);
    List<NetcatLine> batch = List.copyOf(pending);
    pending.clear();
    try {
      CompletableFuture.supplyAsync(() -> put(batch), puts)
          .whenComplete((done, error) -> ctx.executor().execute(() -> putDone(ctx, batch, done)));
    } catch (RejectedExecutionException stopping) {
      putting = false; // the source is stopping and closes this connection
    }
  }

  /** On the put pool: puts the lines in order; returns the replies, one per line put. */
  private List<byte[]> put(List<NetcatLine> batch) {
    List<byte[]> replies = new ArrayList<>(batch.size());
    for (NetcatLine line : batch) {
      byte[] reply = putOne(line);
      if (reply != OK && !config.ackEveryEvent()) {
        break; // retried later: no one would hear of the failure
      }
      replies.add(reply);
    }
    return replies;
  }

  private byte[] putOne(NetcatLine line) {
    counters.received(1);
    try {
      channels.processEvent(Event.of(line.body()));
      counters.accepted(1);
      return OK;
    } catch (ChannelFullException e) {
      warnings.refused.warn("Source {}: the channel refused a line: {}", source, e.getMessage());
      return FULL;
    } catch (RuntimeException e) {
      warnings.refused.warn("Source {}: putting a line failed", source, e);
      return NOT_STORED;
    }
  }

  /** Back on the event loop: answers, and retries or reads on. */
  private void putDone(ChannelHandlerContext ctx, List<NetcatLine> batch, List<byte[]> replies) {
    int put = replies == null ? 0 : replies.size();
    if (config.ackEveryEvent() && ctx.channel().isActive() && put > 0) {
      int bytes = replies.stream().mapToInt(r -> r.length).sum();
      var buf = ctx.alloc().buffer(bytes);
      replies.forEach(buf::writeBytes);
      ctx.writeAndFlush(buf);
    }
    if (put < batch.size()) {
      // not acked and refused: keep the rest first in line, try again soon
      pending.addAll(0, batch.subList(put, batch.size()));
      retryMillis = retryMillis == 0 ? FIRST_RETRY_MILLIS : Math.min(MAX_RETRY_MILLIS, retryMillis * 2);
      // still "putting" until the retry, so nothing reads on or starts another put meanwhile
      ctx.executor().schedule(() -> {
        putting = false;
        putPending(ctx);
      }, retryMillis, TimeUnit.MILLISECONDS);
      return;
    }
    retryMillis = 0;
    putting = false;
    lastLineNanos = System.nanoTime(); // the wait for the channel is not the client's idleness
    if (!pending.isEmpty()) {
      putPending(ctx);
    } else {
      resumeIfIdle(ctx);
      closeIfDrained(ctx);
    }
  }

  private void closeIfDrained(ChannelHandlerContext ctx) {
    if (draining && !putting && pending.isEmpty()) {
      ctx.close();
    }
  }

  private void resumeIfIdle(ChannelHandlerContext ctx) {
    if (!draining && !putting && pending.isEmpty() && ctx.channel().isActive()) {
      ctx.channel().config().setAutoRead(ctx.channel().isWritable());
    }
  }

  private void scheduleIdleCheck(ChannelHandlerContext ctx, long delayNanos) {
    idleCheck = ctx.executor().schedule(() -> checkIdle(ctx), delayNanos, TimeUnit.NANOSECONDS);
  }

  private void checkIdle(ChannelHandlerContext ctx) {
    if (!ctx.channel().isActive()) {
      return;
    }
    long timeout = config.idleTimeout().toNanos();
    long idle = System.nanoTime() - lastLineNanos;
    if (putting || !pending.isEmpty() || idle < timeout) {
      scheduleIdleCheck(ctx, putting || !pending.isEmpty() ? timeout : timeout - idle);
      return;
    }
    warnings.idle.warn("Source {}: closed connection from {}: no complete line for {} s"
        + " (idle-timeout)", source, ctx.channel().remoteAddress(), config.idleTimeout().toSeconds());
    ctx.close();
  }

  private void noteTruncation(ChannelHandlerContext ctx) {
    if (!warnedTruncation) {
      warnedTruncation = true;
      warnings.truncated.warn("Source {}: client {} sent a line longer than max-line-length ({}"
          + " bytes); truncated (further truncations on this connection are logged at DEBUG)",
          source, ctx.channel().remoteAddress(), config.maxLineLength());
    } else {
      LOG.debug("Source {}: truncated another line from {}", source, ctx.channel().remoteAddress());
    }
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }
}
