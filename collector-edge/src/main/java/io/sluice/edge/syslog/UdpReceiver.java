package io.sluice.edge.syslog;

import io.netty.bootstrap.Bootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.FixedRecvByteBufAllocator;
import io.netty.channel.SimpleChannelInboundHandler;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.DatagramPacket;
import io.netty.channel.socket.nio.NioDatagramChannel;
import io.sluice.api.ChannelFullException;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.spi.ComponentMetrics;
import io.sluice.api.spi.ComponentMetrics.Counter;
import io.sluice.api.spi.ComponentMetrics.DropReason;
import io.sluice.rpc.FastThreads;
import java.net.InetSocketAddress;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * The UDP half every datagram source shares: one socket on one I/O thread
 * ({@code <agent>-<source>-udp-<n>}), datagrams received whole up to 64 KiB (Netty's default
 * 2,048-byte receive buffer is what cuts them in Flume), turned into events by the source's
 * {@link Decoder} and put in the channels in batches of at most {@code batchSize} per read burst.
 *
 * <p>A batch is put on the I/O thread if the channels take it without waiting ({@link
 * ChannelProcessor#tryProcessEventBatchNow}); else it goes to the source's commit thread
 * ({@code -udp-commit-<n>}), where the put waits for room as long as the channel's
 * {@code keep-alive}, while the I/O thread goes on reading the socket (in Flume the I/O thread
 * waits, and the datagrams that overflow the socket's buffer meanwhile are lost uncounted). Later
 * batches follow it to the commit thread, in order, up to {@link #MAX_WAITING_BYTES} waiting.
 *
 * <p>UDP cannot push back: a batch the channel refuses, or one over that bound, is dropped, counted
 * in {@code dropped} and by reason ({@code channel_full}, or {@code channel_error} for any other
 * refusal), and logged once per episode on the source's own logger; so are the batches still
 * waiting when the source stops. Thread-safe.
 */
final class UdpReceiver {
  private static final int MAX_DATAGRAM = 65_536;
  private static final int SOCKET_RECEIVE_BUFFER = 4 << 20;
  /**
   * Bytes of batches waiting for the commit thread (bodies, and {@value #EVENT_OVERHEAD_BYTES} per
   * event besides): as much again as the socket buffers.
   */
  static final long MAX_WAITING_BYTES = SOCKET_RECEIVE_BUFFER;
  private static final long COMMIT_STOP_SECONDS = 5;
  /** What an event holds besides its body (object, headers), for the bound above: an estimate. */
  private static final int EVENT_OVERHEAD_BYTES = 256;

  /** Turns one datagram into an event, or null to skip it; called on the I/O thread only. */
  interface Decoder {
    Event decode(ByteBuf content, InetSocketAddress sender, int localPort);
  }

  /**
   * What the receiver counts: datagrams decoded, events the channel took, events dropped (Flume's
   * {@code ChannelWriteFail}), and the same drops by reason.
   */
  record Counters(Counter received, Counter accepted, Counter dropped, Counter droppedFull,
      Counter droppedFailed) {
    static Counters of(ComponentMetrics metrics) {
      return new Counters(metrics.counter("EventReceivedCount"),
          metrics.counter("EventAcceptedCount"), metrics.counter("ChannelWriteFail"),
          metrics.dropped(DropReason.CHANNEL_FULL), metrics.dropped(DropReason.CHANNEL_ERROR));
    }
  }

  private final String source;
  private final Logger log;
  private final ChannelProcessor channels;
  private final Function<String, ThreadFactory> threads;
  private final int batchSize;
  private final Counters counters;
  private final Decoder decoder;
  private final Drops drops = new Drops();
  /** Batches handed to the commit thread and not yet put or dropped; only the I/O thread adds. */
  private final AtomicInteger handedOver = new AtomicInteger();
  private final AtomicLong waitingBytes = new AtomicLong();
  private EventLoopGroup group;
  private ThreadPoolExecutor commitThread;
  private volatile boolean stopping; // a put the stop interrupts is lost for the stop, not a fault
  private Channel socket;

  UdpReceiver(String source, Logger log, ChannelProcessor channels,
      Function<String, ThreadFactory> threads, int batchSize, Counters counters, Decoder decoder) {
    this.source = source;
    this.log = log;
    this.channels = channels;
    this.threads = threads;
    this.batchSize = batchSize;
    this.counters = counters;
    this.decoder = decoder;
  }

  /** Binds {@code at}; throws naming the source and the address when it cannot. */
  synchronized InetSocketAddress start(InetSocketAddress at) {
    if (group != null) {
      throw new IllegalStateException("source " + source + " already started");
    }
    stopping = false;
    group = new NioEventLoopGroup(1, FastThreads.from(threads.apply("udp")));
    commitThread = new ThreadPoolExecutor(1, 1, 0, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(), FastThreads.from(threads.apply("udp-commit")));
    try {
      socket = new Bootstrap().group(group).channel(NioDatagramChannel.class)
          .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
          .option(ChannelOption.SO_RCVBUF, SOCKET_RECEIVE_BUFFER)
          .handler(new Datagrams())
          .bind(at).syncUninterruptibly().channel();
    } catch (RuntimeException e) {
      stop();
      throw new IllegalStateException("source " + source + ": cannot listen on UDP " + at + ": " + e,
          e);
    }
    return (InetSocketAddress) socket.localAddress();
  }

  /** The port actually bound (useful with port 0); -1 when not running. */
  synchronized int boundPort() {
    return socket == null ? -1 : ((InetSocketAddress) socket.localAddress()).getPort();
  }

  /**
   * Closes the socket, stops the commit thread (the batches waiting for it get
   * {@value #COMMIT_STOP_SECONDS} s to go in; then a put still waiting for room is interrupted, and
   * what is left is dropped and counted, with one ERROR line) and the I/O thread; true if it was
   * running.
   */
  synchronized boolean stop() {
    if (group == null) {
      return false;
    }
    if (socket != null) {
      socket.close().awaitUninterruptibly();
      socket = null;
    }
    stopping = true;
    commitThread.shutdown(); // what waits goes in if the channel takes it within the grace
    try {
      if (!commitThread.awaitTermination(COMMIT_STOP_SECONDS, TimeUnit.SECONDS)) {
        for (Runnable r : commitThread.shutdownNow()) { // and a put still waiting is interrupted
          ((HandedOver) r).lost();
        }
        if (!commitThread.awaitTermination(COMMIT_STOP_SECONDS, TimeUnit.SECONDS)) {
          log.warn("Source {}: a put into the channel did not end when interrupted", source);
        }
      }
    } catch (InterruptedException e) {
      commitThread.shutdownNow().forEach(r -> ((HandedOver) r).lost());
      Thread.currentThread().interrupt();
    }
    drops.logLostOnStop();
    commitThread = null;
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    group = null;
    return true;
  }

  /** The datagram handler; used on the one I/O thread only. */
  private final class Datagrams extends SimpleChannelInboundHandler<DatagramPacket> {
    private final List<Event> pending = new ArrayList<>();

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      Event event = decoder.decode(packet.content(), packet.sender(),
          ((InetSocketAddress) ctx.channel().localAddress()).getPort());
      if (event == null) {
        return;
      }
      pending.add(event);
      counters.received().increment();
      if (pending.size() >= batchSize) {
        flush();
      }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
      flush();
      ctx.fireChannelReadComplete();
    }

    private void flush() {
      if (pending.isEmpty()) {
        return;
      }
      List<Event> batch = new ArrayList<>(pending);
      pending.clear();
      if (handedOver.get() == 0) { // nothing earlier still waits: this batch may not overtake it
        try {
          if (channels.tryProcessEventBatchNow(batch)) {
            drops.accepted(batch.size(), true);
            return;
          }
        } catch (RuntimeException e) {
          drops.dropped(batch.size(), e);
          return;
        }
      }
      handOver(batch);
    }

    private void handOver(List<Event> batch) {
      long bytes = 0;
      for (Event e : batch) {
        bytes += e.getBody().length + EVENT_OVERHEAD_BYTES;
      }
      if (handedOver.get() > 0 && waitingBytes.get() + bytes > MAX_WAITING_BYTES) {
        drops.dropped(batch.size(), true, "over " + MAX_WAITING_BYTES
            + " bytes of earlier datagrams still wait for room in the channel");
        return;
      }
      handedOver.incrementAndGet();
      waitingBytes.addAndGet(bytes);
      try {
        commitThread.execute(new HandedOver(batch, bytes));
      } catch (RejectedExecutionException stopped) {
        handedOver.decrementAndGet();
        waitingBytes.addAndGet(-bytes);
        drops.lostOnStop(batch.size());
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      log.warn("Source {}: error receiving a datagram", source, cause);
    }
  }

  /** A batch for the commit thread, which may wait for room in the channel. */
  private final class HandedOver implements Runnable {
    final List<Event> events;
    private final long bytes;

    HandedOver(List<Event> events, long bytes) {
      this.events = events;
      this.bytes = bytes;
    }

    @Override
    public void run() {
      try {
        channels.processEventBatch(events);
        drops.accepted(events.size(), handedOver.get() == 1); // this one only
      } catch (RuntimeException | Error e) {
        if (stopping) {
          drops.lostOnStop(events.size());
        } else {
          drops.dropped(events.size(), e);
        }
      } finally {
        done();
      }
    }

    /** Never run: the source stopped before the commit thread took it. */
    void lost() {
      drops.lostOnStop(events.size());
      done();
    }

    private void done() {
      waitingBytes.addAndGet(-bytes);
      handedOver.decrementAndGet(); // last: a later batch may now be tried on the I/O thread
    }
  }

  /** Counts what the channel took and what was dropped, and logs each episode of drops once. */
  private final class Drops {
    private long inEpisode;
    private long lostInStop;

    /**
     * Events the channel took; an episode of drops ends when nothing waits behind them (while
     * batches wait at the bound, takes and drops alternate: that is still one episode).
     */
    synchronized void accepted(int n, boolean nothingWaits) {
      counters.accepted().add(n);
      if (inEpisode > 0 && nothingWaits) {
        log.info("Source {}: the channel accepts again after {} datagrams were dropped", source,
            inEpisode);
        inEpisode = 0;
      }
    }

    void dropped(int n, Throwable e) {
      dropped(n, e instanceof ChannelFullException,
          e.getMessage() == null ? e.toString() : e.getMessage());
    }

    /** Events that waited for the channel when the source stopped: counted as channel_full. */
    synchronized void lostOnStop(int n) {
      counters.dropped().add(n);
      counters.droppedFull().add(n);
      lostInStop += n;
    }

    /** One ERROR line for the events a stop lost, if any. */
    synchronized void logLostOnStop() {
      if (lostInStop > 0) {
        log.error("Source {} stopped while {} events waited to go into the channel; they are lost",
            source, lostInStop);
        lostInStop = 0;
      }
    }

    synchronized void dropped(int n, boolean full, String why) {
      if (inEpisode == 0) {
        log.warn("Source {}: the channel refused a batch ({}); UDP cannot slow its senders, so"
            + " datagrams are dropped and counted (ChannelWriteFail) until it accepts again",
            source, why);
      }
      inEpisode += n;
      counters.dropped().add(n);
      (full ? counters.droppedFull() : counters.droppedFailed()).add(n);
    }
  }
}
