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
import io.sluice.api.PartlyFailedException;
import io.sluice.api.PartlyPut;
import io.sluice.api.PartlyPutException;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One TCP syslog connection after its frame decoder: turns messages into events and puts them in
 * the channels in batches of at most {@code batchSize} ({@link BatchLimit}), at the latest when a
 * read burst ends.
 *
 * <p>Backpressure: when the channel refuses a batch the connection stops reading (auto-read off,
 * so the sender's TCP window closes) and retries the batch on its event loop with a backoff from
 * 1 ms doubling to 100 ms, then reads again. Nothing is dropped, also when the peer closes
 * meanwhile; only a source stop abandons what is still refused (logged and counted by the
 * source). A batch that some required channels took before another refused it (full or failed)
 * is retried into the rest only ({@link PartlyPut}), so the ones that took it do not get it
 * again. A batch over a channel's {@code transactionCapacity} makes the source's batches smaller
 * ({@link BatchLimit}); one over a channel's whole byte budget ({@link OversizedBatchException})
 * is split for this once, and a single event that still cannot go in is dropped with one ERROR
 * line and counted in {@code ChannelWriteFail}, as Flume drops it.
 *
 * <p>Faults: the first failure (not syslog text, TLS, a stall in the middle of a message) is one
 * log line naming the peer, and the connection is closed. One instance per connection, used on
 * its event loop only.
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
  private final List<Event> pending = new ArrayList<>();
  private EventMaker maker;
  private String ip;
  private String hostname;
  private boolean paused;
  private long backoffMillis;
  private boolean reported;
  /** The head batch went into some required channels, not all: the retry puts it in the rest. */
  private PartlyPut partlyPut;
  private int partlyPutSize;

  SyslogTcpConnection(String source, SyslogSourceConfig config, MessageParser parser,
      ChannelProcessor channels, SyslogCounters counters, SyslogFrameDecoder decoder,
      PauseEpisodes pauses, Set<SyslogTcpConnection> waiting, BatchLimit batchLimit) {
    this.source = source;
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
    if (!paused && pending.size() >= batchLimit.get()) {
      flush(ctx);
    }
  }

  @Override
  public void channelReadComplete(ChannelHandlerContext ctx) {
    if (!paused && !pending.isEmpty()) {
      flush(ctx);
    }
    ctx.fireChannelReadComplete();
  }

  @Override
  public void channelInactive(ChannelHandlerContext ctx) {
    if (!paused && !pending.isEmpty()) {
      flush(ctx);
    }
    ctx.fireChannelInactive();
  }

  /** Events read but not yet accepted by the channel. */
  int pendingEvents() {
    return pending.size();
  }

  private void flush(ChannelHandlerContext ctx) {
    int split = Integer.MAX_VALUE; // smaller batches for this flush only: over a byte budget
    while (!pending.isEmpty()) {
      // a batch partly put is resumed whole, whatever the limit became since
      int size = partlyPut != null ? partlyPutSize
          : Math.min(Math.min(batchLimit.get(), split), pending.size());
      List<Event> batch = pending.subList(0, size);
      try {
        if (partlyPut != null) {
          PartlyPut head = partlyPut;
          partlyPut = null;
          head.putTheRest(); // the channels that took the batch already keep it
        } else {
          channels.processEventBatch(new ArrayList<>(batch));
        }
      } catch (PartlyPutException | PartlyFailedException e) {
        // never smaller batches now: a part would go again where the whole already is
        partlyPut = (PartlyPut) e;
        partlyPutSize = batch.size();
        pause(ctx, e);
        return;
      } catch (RuntimeException e) {
        if (e instanceof OversizedBatchException o && o.maxEvents() == 0) { // its bytes
          if (batch.size() > 1) {
            split = batch.size() / 2;
          } else {
            drop(ctx, batch, e); // no transaction can ever hold it: retrying would stall forever
          }
          continue;
        }
        if (batchLimit.shrinkAfter(e, batch.size())) {
          continue; // maybe over the channel's transactionCapacity: a smaller batch at once
        }
        pause(ctx, e);
        return;
      }
      counters.accepted.add(batch.size());
      batch.clear();
    }
    if (paused) {
      paused = false;
      waiting.remove(this);
      pauses.resumed();
      if (ctx.channel().isActive()) {
        ctx.channel().config().setAutoRead(true);
      }
    }
  }

  /** Drops a one-event batch that can never be committed (Flume drops it too), counted. */
  private void drop(ChannelHandlerContext ctx, List<Event> batch, RuntimeException e) {
    counters.dropped.increment();
    LOG.error("Source {}: dropped an event of {} body bytes from {}: no transaction of a required"
        + " channel can ever hold it ({})", source, batch.get(0).getBody().length,
        ctx.channel().remoteAddress(), e.getMessage());
    batch.clear();
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
    ctx.executor().schedule(() -> flush(ctx), backoffMillis, TimeUnit.MILLISECONDS);
  }

  @Override
  public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
    if (evt instanceof IdleStateEvent idle && idle.state() == IdleState.READER_IDLE) {
      // an idle connection between messages is normal for syslog; so is one we stopped reading
      if (!paused && decoder.midMessage()) {
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
