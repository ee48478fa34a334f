package io.sluice.core.source;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.EventDrivenSource;
import io.sluice.rpc.FastThreads;
import io.sluice.rpc.NettyTransport;
import io.sluice.rpc.server.ConnectionLimiter;
import io.sluice.rpc.server.ConnectionSlots;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Listens on a TCP port and turns every line a client sends into one event (Flume's netcat
 * source), on Netty: a fixed number of threads whatever the number of clients, named {@code
 * <agent>-<source>-accept-<n>}, {@code -io-<n>} and {@code -put-<n>} and stopped by {@link #stop()}.
 *
 * <p>Limits no client can lift: at most {@code max-connections} connections, and {@code
 * max-connections-per-peer} from one address (more are closed on accept, warnings throttled); a
 * connection with no complete line for {@code idle-timeout} is closed; a line is buffered up to
 * {@code max-line-length} bytes (at most 1 MiB), the rest of a longer line is discarded and the
 * line kept truncated and acked "OK" (Flume counts characters and answers "FAILED"); a failing
 * accept (too many open files) pauses accepting with a backoff and never ends it ({@link
 * AcceptFailures}). A trailing '\r' is dropped. Puts, replies and backpressure: {@link
 * NetcatConnection}.
 *
 * <p>Thread-safe: start and stop come from the runtime, connections run on the event loops.
 */
public final class NetcatSource implements EventDrivenSource {
  private static final Logger LOG = LoggerFactory.getLogger(NetcatSource.class);
  private static final long STOP_MILLIS = 5000;
  /** Netcat is a line-at-a-time demo protocol: one I/O thread serves thousands of clients. */
  private static final int IO_THREADS = 1;
  /** Puts may wait for a full channel; a few at once keep one slow put from holding up the rest. */
  private static final int PUT_THREADS = 4;

  private final String name;
  private final NetcatSourceConfig config;
  private final ChannelProcessor channelProcessor;
  private final SourceCounters counters;
  private final Function<String, ThreadFactory> threads;
  private final ConnectionSlots slots;
  private EventLoopGroup acceptGroup;
  private EventLoopGroup ioGroup;
  private ExecutorService puts;
  private ChannelGroup all;
  private NetcatWarnings warnings;
  private Channel server;

  public NetcatSource(String name, NetcatSourceConfig config, ChannelProcessor channelProcessor,
      SourceCounters counters, Function<String, ThreadFactory> threads) {
    this.name = name;
    this.config = config;
    this.channelProcessor = channelProcessor;
    this.counters = counters;
    this.threads = threads;
    this.slots = new ConnectionSlots(config.maxConnections(), config.maxConnectionsPerPeer());
  }

  @Override
  public synchronized void start() throws IOException {
    if (server != null) {
      throw new IllegalStateException("source " + name + " already started");
    }
    NettyTransport transport = NettyTransport.current();
    acceptGroup = transport.newGroup(1, FastThreads.from(threads.apply("accept")));
    ioGroup = transport.newGroup(IO_THREADS, FastThreads.from(threads.apply("io")));
    puts = new ThreadPoolExecutor(PUT_THREADS, PUT_THREADS, 0, TimeUnit.MILLISECONDS,
        new LinkedBlockingQueue<>(), threads.apply("put")); // one task per connection at most
    all = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    warnings = new NetcatWarnings(acceptGroup.next());
    ServerBootstrap b = new ServerBootstrap().group(acceptGroup, ioGroup)
        .channel(transport.serverChannel())
        .option(ChannelOption.SO_REUSEADDR, true)
        .option(ChannelOption.SO_BACKLOG, 1024)
        // beyond 64 KiB of replies the client does not read, its connection is not read either
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, new WriteBufferWaterMark(32 << 10, 64 << 10))
        .handler(new AcceptFailures(name))
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            all.add(ch);
            ChannelPipeline p = ch.pipeline();
            p.addLast("limit", new ConnectionLimiter(slots, warnings.limited));
            p.addLast("lines", new NetcatLineDecoder(config.maxLineLength()));
            p.addLast("events", new NetcatConnection(name, config, channelProcessor, counters, puts,
                warnings));
          }
        });
    try {
      server = b.bind(config.bind(), config.port()).syncUninterruptibly().channel();
    } catch (RuntimeException e) {
      shutdown();
      throw new IOException("source " + name + ": cannot listen on " + config.bind() + ":"
          + config.port() + ": " + e.getMessage(), e);
    }
    LOG.info("Source {} listening on {} (max-connections={}, max-connections-per-peer={},"
        + " idle-timeout={} s)", name, server.localAddress(), config.maxConnections(),
        config.maxConnectionsPerPeer(), config.idleTimeout().toSeconds());
  }

  /** The port actually bound (useful with {@code port = 0}); -1 before start. */
  public synchronized int boundPort() {
    return server == null ? -1 : ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** Connections open now (accepted and not refused). */
  public int openConnections() {
    return slots.open();
  }

  @Override
  public synchronized void stop() {
    if (acceptGroup == null) {
      return;
    }
    if (server != null) {
      server.close().awaitUninterruptibly();
      server = null;
    }
    // Lines already read are stored before their connection closes (NetcatConnection.DRAIN);
    // whatever a full channel still holds back at the end of the grace is closed and logged.
    all.forEach(ch -> ch.pipeline().fireUserEventTriggered(NetcatConnection.DRAIN));
    all.newCloseFuture().awaitUninterruptibly(STOP_MILLIS);
    all.close().awaitUninterruptibly();
    shutdown();
    LOG.info("Source {} stopped", name);
  }

  private void shutdown() {
    acceptGroup.shutdownGracefully(0, STOP_MILLIS, TimeUnit.MILLISECONDS).awaitUninterruptibly();
    ioGroup.shutdownGracefully(0, STOP_MILLIS, TimeUnit.MILLISECONDS).awaitUninterruptibly();
    puts.shutdownNow(); // a put waiting for a full channel is interrupted; its client hears nothing
    try {
      if (!puts.awaitTermination(STOP_MILLIS, TimeUnit.MILLISECONDS)) {
        LOG.warn("Source {}: put threads did not end within {} ms", name, STOP_MILLIS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    warnings.reportHeldBack();
    acceptGroup = null;
  }
}
