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
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;

/**
 * The UDP half every datagram source shares: one socket on one I/O thread
 * ({@code <agent>-<source>-udp-<n>}), datagrams received whole up to 64 KiB (Netty's default
 * 2,048-byte receive buffer is what cuts them in Flume), turned into events by the source's
 * {@link Decoder} and put in the channels in batches of at most {@code batchSize} per read burst.
 * UDP cannot push back: a batch the channel refuses is dropped, counted in {@code dropped} and by
 * reason ({@code channel_full}, or {@code channel_error} for any other refusal), and logged once
 * per episode on the source's own logger. Thread-safe.
 */
final class UdpReceiver {
  private static final int MAX_DATAGRAM = 65_536;
  private static final int SOCKET_RECEIVE_BUFFER = 4 << 20;

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
  private EventLoopGroup group;
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
    group = new NioEventLoopGroup(1, FastThreads.from(threads.apply("udp")));
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

  /** Closes the socket and stops the I/O thread; true if it was running. */
  synchronized boolean stop() {
    if (group == null) {
      return false;
    }
    if (socket != null) {
      socket.close().awaitUninterruptibly();
      socket = null;
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    group = null;
    return true;
  }

  /** The datagram handler; used on the one I/O thread only. */
  private final class Datagrams extends SimpleChannelInboundHandler<DatagramPacket> {
    private final List<Event> pending = new ArrayList<>();
    private long droppedInEpisode;

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
      try {
        channels.processEventBatch(new ArrayList<>(pending));
        counters.accepted().add(pending.size());
        if (droppedInEpisode > 0) {
          log.info("Source {}: the channel accepts again after {} datagrams were dropped", source,
              droppedInEpisode);
          droppedInEpisode = 0;
        }
      } catch (RuntimeException e) {
        if (droppedInEpisode == 0) {
          log.warn("Source {}: the channel refused a batch ({}); UDP cannot slow its senders, so"
              + " datagrams are dropped and counted (ChannelWriteFail) until it accepts again",
              source, e.getMessage() == null ? e.toString() : e.getMessage());
        }
        droppedInEpisode += pending.size();
        counters.dropped().add(pending.size());
        (e instanceof ChannelFullException ? counters.droppedFull() : counters.droppedFailed())
            .add(pending.size());
      } finally {
        pending.clear();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      log.warn("Source {}: error receiving a datagram", source, cause);
    }
  }
}
