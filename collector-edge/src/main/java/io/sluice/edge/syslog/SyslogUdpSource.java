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
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.EventDrivenSource;
import io.sluice.rpc.FastThreads;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's {@code syslogudp} source on Netty: one datagram is one message, received whole up to
 * 64 KiB (Flume 1.10+ cuts datagrams at 2,048 bytes because Netty 4's default receive buffer is
 * that small) and cut at {@code eventSize} like Flume ({@code Incomplete}). Datagrams are put in
 * the channels in batches of at most {@code batchSize} per read burst. UDP cannot push back: a
 * batch the channel refuses is dropped, counted in {@code ChannelWriteFail} and logged once per
 * episode. One I/O thread ({@code <agent>-<source>-udp-<n>}), stopped by {@link #stop()}.
 * Thread-safe.
 */
public final class SyslogUdpSource implements EventDrivenSource {
  private static final Logger LOG = LoggerFactory.getLogger(SyslogUdpSource.class);
  private static final int MAX_DATAGRAM = 65_536;
  private static final int SOCKET_RECEIVE_BUFFER = 4 << 20;

  private final String name;
  private final SyslogSourceConfig config;
  private final ChannelProcessor channels;
  private final SyslogCounters counters;
  private final SyslogParser parser;
  private final Function<String, ThreadFactory> threads;
  private EventLoopGroup group;
  private Channel socket;

  public SyslogUdpSource(String name, SyslogSourceConfig config, ChannelProcessor channels,
      SyslogCounters counters, Clock clock, Function<String, ThreadFactory> threads) {
    this.name = name;
    this.config = config;
    this.channels = channels;
    this.counters = counters;
    this.parser = new SyslogParser(config.keepFields(), config.structuredHeaders(), clock);
    this.threads = threads;
  }

  @Override
  public synchronized void start() {
    if (group != null) {
      throw new IllegalStateException("source " + name + " already started");
    }
    group = new NioEventLoopGroup(1, FastThreads.from(threads.apply("udp")));
    int port = config.ports().get(0);
    InetSocketAddress at = config.host() == null ? new InetSocketAddress(port)
        : new InetSocketAddress(config.host(), port);
    try {
      socket = new Bootstrap().group(group).channel(NioDatagramChannel.class)
          .option(ChannelOption.RCVBUF_ALLOCATOR, new FixedRecvByteBufAllocator(MAX_DATAGRAM))
          .option(ChannelOption.SO_RCVBUF, SOCKET_RECEIVE_BUFFER)
          .handler(new Datagrams())
          .bind(at).syncUninterruptibly().channel();
    } catch (RuntimeException e) {
      stop();
      throw new IllegalStateException("source " + name + ": cannot listen on UDP " + at + ": " + e, e);
    }
    LOG.info("Source {} receiving syslog over UDP on {} (eventSize={})", name, socket.localAddress(),
        config.eventSize());
  }

  /** The port actually bound (useful with port 0); -1 when not running. */
  public synchronized int boundPort() {
    return socket == null ? -1 : ((InetSocketAddress) socket.localAddress()).getPort();
  }

  @Override
  public synchronized void stop() {
    if (group == null) {
      return;
    }
    if (socket != null) {
      socket.close().awaitUninterruptibly();
      socket = null;
    }
    group.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    group = null;
    LOG.info("Source {} stopped", name);
  }

  /** The datagram handler; used on the one I/O thread only. */
  private final class Datagrams extends SimpleChannelInboundHandler<DatagramPacket> {
    private final List<Event> pending = new ArrayList<>();
    private EventMaker maker;
    private long droppedInEpisode;

    @Override
    protected void channelRead0(ChannelHandlerContext ctx, DatagramPacket packet) {
      if (maker == null) {
        maker = new EventMaker(config, parser, counters,
            ((InetSocketAddress) ctx.channel().localAddress()).getPort());
      }
      ByteBuf content = packet.content();
      int length = content.readableBytes();
      if (length > 0 && content.getByte(content.readerIndex() + length - 1) == '\n') {
        length--; // a trailing LF is a delimiter, as on TCP
      }
      boolean cut = length > config.eventSize();
      byte[] bytes = new byte[Math.min(length, config.eventSize())];
      content.getBytes(content.readerIndex(), bytes);
      if (bytes.length == 0) {
        return;
      }
      InetSocketAddress from = packet.sender();
      pending.add(maker.make(new SyslogFrame(bytes, cut),
          config.clientIpHeader() == null ? null : EventMaker.ip(from),
          config.clientHostnameHeader() == null ? null : EventMaker.hostname(from)));
      counters.received.increment();
      if (pending.size() >= config.batchSize()) {
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
        counters.accepted.add(pending.size());
        if (droppedInEpisode > 0) {
          LOG.info("Source {}: the channel accepts again after {} datagrams were dropped", name,
              droppedInEpisode);
          droppedInEpisode = 0;
        }
      } catch (RuntimeException e) {
        if (droppedInEpisode == 0) {
          LOG.warn("Source {}: the channel refused a batch ({}); UDP cannot slow its senders, so"
              + " datagrams are dropped and counted (ChannelWriteFail) until it accepts again", name,
              e.getMessage() == null ? e.toString() : e.getMessage());
        }
        droppedInEpisode += pending.size();
        counters.dropped.add(pending.size());
      } finally {
        pending.clear();
      }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
      LOG.warn("Source {}: error receiving a datagram", name, cause);
    }
  }
}
