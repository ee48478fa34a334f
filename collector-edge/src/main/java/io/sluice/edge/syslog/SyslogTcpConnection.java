package io.sluice.edge.syslog;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.codec.DecoderException;
import io.netty.handler.ssl.NotSslRecordException;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.OversizedBatchException;
import io.sluice.api.PartlyPut;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP syslog connection after its frame decoder: turns messages into events and puts them in
 * the channels in batches of at most {@code batchSize} ({@link BatchLimit}), at the latest when a
 * read burst ends.
 *
 * <p>Each batch is first offered to the channels on the I/O thread if they take it without
 * waiting ({@link ChannelProcessor#tryProcessEventBatchNow}: a memory channel with room); else it
 * goes to one of the source's commit threads, where the put may wait for room, and the connection
 * reads nothing until it is in. So a full channel holds up the connections whose batches wait for
 * it, not the other connections of their I/O thread (unless more connections wait than there are
 * commit threads: then the others' batches wait in line too), and the source waits for room in
 * the channel as any other source does (it is woken when room appears). During a stop a failed
 * put is not retried: its events stay pending, and the stop counts them as lost.
 *
 * <p>Backpressure: when the channel refuses a batch the connection stops reading (auto-read off,
 * so the sender's TCP window closes) and retries the batch after a backoff from 1 ms doubling to
 * 100 ms, then reads again. Nothing is dropped, also when the peer closes meanwhile; only a
 * source stop abandons what is still refused (logged and counted by the source). A batch that
 * some required channels took before another refused it (full or failed) is retried into the rest
 * only ({@link PartlyPut}), so the ones that took it do not get it again. A batch over a channel's
 * {@code transactionCapacity} makes the source's batches smaller ({@link BatchLimit}); one over a
 * channel's whole byte budget ({@link OversizedBatchException}) is split until the connection's
 * pending events are in, and a single event that still cannot go in is dropped with one ERROR
 * line and counted in {@code ChannelWriteFail}, as Flume drops it.
 *
 * <p>Faults: the first failure (not syslog text, TLS, a stall in the middle of a message) is one
 * log line naming the peer, and the connection is closed. One instance per connection; its fields
 * are used on its event loop only.
 */
final class SyslogTcpConnection extends ChannelInboundHandlerAdapter {
  private static final Logger LOG = LoggerFactory.getLogger(SyslogTcpSource.class);
  private static final long FIRST_BACKOFF_MILLIS = 1;
  // short enough that a paused connection refills the channel soon after a sink drained it, so
  // the sink does not find it empty and back off for seconds
  private static final long MAX_BACKOFF_MILLIS = 100;

  private final String source;
  private final SyslogSourceConfig config;
  private final MessageParser parser;
  private final ChannelProcessor channels;
  private final SyslogCounters counters;
  private final SyslogFrameDecoder decoder;
  private final PauseEpisodes pauses;
  private final Set<SyslogTcpConnection> waiting;
  private final BatchLimit batchLimit;
  private final Executor commitThreads;
  private final AtomicBoolean stopping; // the source is stopping: a failed put is not retried
  /** The source's batches with commit threads, or with their outcome not yet seen to. */
  private final AtomicInteger inFlight;
  private final List<Event> pending = new ArrayList<>();
  private EventMaker maker;
  private String ip;
  private String hostname;
  private boolean paused; // the channels refused the head batch: retried after a backoff
  private boolean putting; // the head batch is with a commit thread
  private int split = Integer.MAX_VALUE; // smaller batches until the pending ones are in
  private long backoffMillis;
  private boolean reported;
  /** The head batch went into some required channels, not all: the retry puts it in the rest. */
  private PartlyPut partlyPut;
  private int partlyPutSize;

  SyslogTcpConnection(String source, SyslogSourceConfig config, MessageParser parser,
      ChannelProcessor channels, SyslogCounters counters, SyslogFrameDecoder decoder,
      PauseEpisodes pauses, Set<SyslogTcpConnection> waiting, BatchLimit batchLimit,
      Executor commitThreads, AtomicBoolean stopping, AtomicInteger inFlight) {
    this.source = source;
    this.commitThreads = commitThreads;
    this.stopping = stopping;
    this.inFlight = inFlight;
    this.batchLimit = batchLimit;
    this.config = config;
    this.parser = parser;
    this.channels = channels;
    this.counters = counters;
    this.decoder = decoder;
    this.pauses = pauses;
    this.waiting = waiting;
  }

  @Override
  public void handlerAdded(ChannelHandlerContext ctx) {
    int port = ctx.channel().localAddress() instanceof InetSocketAddress a ? a.getPort() : 0;
    maker = new EventMaker(config, parser, counters, port);
    Object peer = ctx.channel().remoteAddress();
    ip = config.clientIpHeader() == null ? null : EventMaker.ip(peer);
    hostname = config.clientHostnameHeader() == null ? null : EventMaker.hostname(peer);
  }

  @Override
  public void channelRead(ChannelHandlerContext ctx, Object msg) {
    pending.add(maker.make((SyslogFrame) msg, ip, hostname));
    counters.received.increment();
    if (!paused && !putting && pending.size() >= batchLimit.get()) {
      flush(ctx);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (!paused && !putting && !pending.isEmpty()) {
      flush(ctx);
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!paused && !putting && !pending.isEmpty()) {
      flush(ctx);
    }
    ctx.fireChannelInactive();
  }

  /** Events read but not yet accepted by the channel. */
  int pendingEvents() {
    return pending.size();
  }

  /**
   * Puts the pending events in batches: each first on this I/O thread if the channels take it
   * without waiting, else on a commit thread ({@link #handOver}). Returns having put them all, or
   * with a batch handed over or paused after a refusal.
   */
  private void flush(ChannelHandlerContext ctx) {
    while (!pending.isEmpty()) {
      // a batch partly put is resumed whole, whatever the limit became since
      int size = partlyPut != null ? partlyPutSize
          : Math.min(Math.min(batchLimit.get(), split), pending.size());
      List<Event> batch = new ArrayList<>(pending.subList(0, size));
      if (partlyPut == null) {
        try {
          if (channels.tryProcessEventBatchNow(batch)) {
            accepted(size);
            continue;
          }
        } catch (RuntimeException e) {
          if (goOnAfter(ctx, size, e)) {
            continue;
          }
          return;
        }
      }
      handOver(ctx, batch);
      return;
    }
    split = Integer.MAX_VALUE;
    waiting.remove(this);
    if (paused) {
      paused = false;
      pauses.resumed();
    }
    if (!ctx.channel().config().isAutoRead() && ctx.channel().isActive()) {
      ctx.channel().config().setAutoRead(true);
    }
  }

  /**
   * Puts the head batch on a commit thread, where the put may wait for room as long as the
   * channel's {@code keep-alive} (as it does in Flume, but there on the I/O thread, holding up
   * every connection of that thread). The connection reads nothing meanwhile.
   */
  private void handOver(ChannelHandlerContext ctx, List<Event> batch) {
    PartlyPut head = partlyPut;
    partlyPut = null;
    putting = true;
    ctx.channel().config().setAutoRead(false);
    waiting.add(this);
    inFlight.incrementAndGet();
    try {
      commitThreads.execute(() -> {
        RuntimeException failed = null;
        try {
          if (head != null) {
            head.putTheRest(); // the channels that took the batch already keep it
          } else {
            channels.processEventBatch(batch);
          }
        } catch (RuntimeException e) {
          failed = e;
        } catch (Error e) {
          failed = new PutError(e);
        }
        RuntimeException outcome = failed;
        try {
          ctx.executor().execute(() -> putDone(ctx, batch.size(), head, outcome));
        } catch (RejectedExecutionException stopped) {
          inFlight.decrementAndGet(); // its events stay pending: the stop counts them as lost
        }
      });
    } catch (RejectedExecutionException stopped) {
      // the source is stopping and its commit threads have gone: pending, counted as lost
      putting = false;
      partlyPut = head;
      inFlight.decrementAndGet();
    }
  }

  /**
   * On the I/O thread, after a commit thread's put of the head batch of {@code size} ({@code
   * head}: the rest of a batch partly put before, or null).
   */
  private void putDone(ChannelHandlerContext ctx, int size, PartlyPut head,
      RuntimeException failed) {
    putting = false;
    try {
      if (failed != null && !(failed instanceof PartlyPut) && head != null) {
        partlyPut = head; // still only the rest of it is to go in
        partlyPutSize = size;
      }
      if (failed != null && stopping.get()) {
        return; // stays pending, counted as lost by the stop; no retry, no smaller batches
      }
      if (failed == null) {
        accepted(size);
      } else if (!goOnAfter(ctx, size, failed)) {
        return;
      }
      flush(ctx);
    } finally {
      inFlight.decrementAndGet(); // after the flush: a batch it handed over is counted first
    }
  }

  /** A put that failed with an {@link Error}: retried after a pause, never in smaller batches. */
  private static final class PutError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    PutError(Error cause) {
      super("the put failed: " + cause, cause);
    }
  }

  private void accepted(int size) {
    counters.accepted.add(size);
    pending.subList(0, size).clear();
  }

  /**
   * After the channels refused the head batch of {@code size}: true to go on at once (with a
   * smaller batch, or without a dropped event), false having paused with a retry scheduled.
   */
  private boolean goOnAfter(ChannelHandlerContext ctx, int size, RuntimeException e) {
    if (e instanceof PartlyPut p) {
      // never smaller batches now: a part would go again where the whole already is
      partlyPut = p;
      partlyPutSize = size;
      pause(ctx, e);
      return false;
    }
    if (partlyPut != null || e instanceof PutError) {
      pause(ctx, e);
      return false;
    }
    if (e instanceof OversizedBatchException o && o.maxEvents() == 0) { // its bytes
      if (size > 1) {
        split = size / 2;
      } else {
        drop(ctx, e); // no transaction can ever hold it: retrying would stall forever
      }
      return true;
    }
    if (batchLimit.shrinkAfter(e, size)) {
      return true; // maybe over the channel's transactionCapacity: a smaller batch at once
    }
    pause(ctx, e);
    return false;
  }

  /** Drops a one-event batch that can never be committed (Flume drops it too), counted. */
  private void drop(ChannelHandlerContext ctx, RuntimeException e) {
    counters.dropped.increment();
    LOG.error("Source {}: dropped an event of {} body bytes from {}: no transaction of a required"
        + " channel can ever hold it ({})", source, pending.get(0).getBody().length,
        ctx.channel().remoteAddress(), e.getMessage());
    pending.remove(0);
  }

  private void pause(ChannelHandlerContext ctx, RuntimeException e) {
    if (!paused) {
      paused = true;
      ctx.channel().config().setAutoRead(false);
      waiting.add(this);
      pauses.paused(e);
      backoffMillis = FIRST_BACKOFF_MILLIS;
      if (!(e instanceof io.sluice.api.ChannelException)) {
        LOG.warn("Source {}: putting a batch from {} failed; retrying", source,
            ctx.channel().remoteAddress(), e);
      }
    } else {
      backoffMillis = Math.min(MAX_BACKOFF_MILLIS, backoffMillis * 2);
    }
    ctx.executor().schedule(() -> retry(ctx), backoffMillis, TimeUnit.MILLISECONDS);
  }

  /** A paused connection's retry, unless the source is stopping (then it stays pending). */
  private void retry(ChannelHandlerContext ctx) {
    if (!stopping.get()) {
      flush(ctx);
    }
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
      // an idle connection between messages is normal for syslog; so is one we stopped reading
      if (!paused && !putting && decoder.midMessage()) {
        fault(ctx, new PeerFault("sent part of a message and then nothing for "
            + config.idleTimeout().toSeconds() + " s"));
      }
      return;
    }
    ctx.fireUserEventTriggered(evt);
  }

  @Override
  public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
    fault(ctx, cause);
  }

  private void fault(ChannelHandlerContext ctx, Throwable cause) {
    if (!reported) {
      reported = true;
      Throwable c = cause;
      while (c instanceof DecoderException && c.getCause() != null) {
        c = c.getCause();
      }
      Object peer = ctx.channel().remoteAddress();
      if (c instanceof PeerFault) {
        counters.faultyConnections.increment();
        LOG.warn("Source {}: closed connection from {}: peer {}", source, peer, c.getMessage());
      } else if (c instanceof NotSslRecordException) {
        counters.faultyConnections.increment();
        LOG.warn("Source {}: closed connection from {}: peer sent non-TLS data to a TLS port", source, peer);
      } else if (c instanceof SSLException) {
        counters.faultyConnections.increment();
        LOG.warn("Source {}: closed connection from {}: TLS failed: {}", source, peer, c.getMessage());
      } else if (c instanceof IOException) {
        LOG.debug("Source {}: connection from {} lost: {}", source, peer, c.toString());
      } else {
        LOG.warn("Source {}: closed connection from {}: unexpected error", source, peer, c);
      }
    }
    decoder.closingHere();
    ctx.close();
  }
}
