package io.sluice.edge.syslog;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.AdaptiveRecvByteBufAllocator;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.EventExecutor;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.EventDrivenSource;
import io.sluice.edge.net.ConnectionCap;
import io.sluice.rpc.FastThreads;
import io.sluice.rpc.NettyTransport;
import io.sluice.rpc.tls.SslContexts;
import java.net.InetSocketAddress;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's {@code syslogtcp} and {@code multiport_syslogtcp} sources on Netty: one server socket
 * per port, sharing one accept thread and {@code numProcessors} I/O threads (named
 * {@code <agent>-<source>-accept-<n>} and {@code -io-<n>}), and up to
 * {@code max(4, numProcessors)} commit threads ({@code -commit-<n>}, started when needed) for
 * the puts that may wait for room in the channel, all stopped by {@link #stop()}. Each
 * connection's pipeline: connection limit, idle check, TLS, {@link SyslogFrameDecoder},
 * {@link SyslogTcpConnection} (events, batches, backpressure, fault logging). Thread-safe.
 */
public final class SyslogTcpSource implements EventDrivenSource {
  private static final Logger LOG = LoggerFactory.getLogger(SyslogTcpSource.class);
  private static final int MAX_READ = 64 * 1024;
  private static final int MIN_COMMIT_THREADS = 4;
  private static final long COMMIT_THREAD_IDLE_SECONDS = 30;
  private static final long COMMIT_STOP_SECONDS = 5;

  private final String name;
  private final SyslogSourceConfig config;
  private final ChannelProcessor channels;
  private final SyslogCounters counters;
  private final MessageParser parser;
  private final Function<String, ThreadFactory> threads;
  private final PauseEpisodes pauses;
  private final Set<SyslogTcpConnection> waiting = ConcurrentHashMap.newKeySet();
  private final ConnectionCap connectionCap;
  private final BatchLimit batchLimit;
  private EventLoopGroup acceptGroup;
  private EventLoopGroup ioGroup;
  private ExecutorService commitThreads;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private final AtomicInteger inFlight = new AtomicInteger();
  private ChannelGroup all;
  private final List<Channel> servers = new ArrayList<>();

  /** A source that reads messages as Flume's {@code SyslogUtils} does ({@code syslogtcp}). */
  public SyslogTcpSource(String name, SyslogSourceConfig config, ChannelProcessor channels,
      SyslogCounters counters, Clock clock, Function<String, ThreadFactory> threads) {
    this(name, config, channels, counters, new SyslogParser(config.keepFields(),
        config.structuredHeaders(), clock, config.customFormat(), config.priorityHeaders()), threads);
  }

  SyslogTcpSource(String name, SyslogSourceConfig config, ChannelProcessor channels,
      SyslogCounters counters, MessageParser parser, Function<String, ThreadFactory> threads) {
    this.name = name;
    this.config = config;
    this.channels = channels;
    this.counters = counters;
    this.parser = parser;
    this.threads = threads;
    this.pauses = new PauseEpisodes(name, counters);
    this.batchLimit = new BatchLimit(name, LOG, config.batchSize(), channels.maxBatchEvents());
    this.connectionCap = new ConnectionCap(LOG, "Source " + name, config.maxConnections(),
        counters.refusedConnections::increment);
    counters.openConnections(connectionCap::open);
  }

  @Override
  public synchronized void start() {
    if (ioGroup != null) {
      throw new IllegalStateException("source " + name + " already started");
    }
    SslContext ssl = config.tls() == null ? null : SslContexts.forServer(config.tls());
    NettyTransport transport = NettyTransport.current();
    acceptGroup = transport.newGroup(1, FastThreads.from(threads.apply("accept")));
    ioGroup = transport.newGroup(config.numProcessors(), FastThreads.from(threads.apply("io")));
    int commitThreadCount = Math.max(MIN_COMMIT_THREADS, config.numProcessors());
    ThreadPoolExecutor commit = new ThreadPoolExecutor(commitThreadCount, commitThreadCount,
        COMMIT_THREAD_IDLE_SECONDS, TimeUnit.SECONDS, new LinkedBlockingQueue<>(),
        FastThreads.from(threads.apply("commit")));
    commit.allowCoreThreadTimeOut(true); // only a channel that makes puts wait needs them
    commitThreads = commit;
    stopping.set(false);
    all = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    ServerBootstrap b = new ServerBootstrap().group(acceptGroup, ioGroup)
        .channel(transport.serverChannel())
        .option(ChannelOption.SO_REUSEADDR, true)
        .childOption(ChannelOption.RCVBUF_ALLOCATOR,
            new AdaptiveRecvByteBufAllocator(64, Math.min(config.readBufferSize(), MAX_READ), MAX_READ))
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            all.add(ch);
            ChannelPipeline p = ch.pipeline();
            p.addLast("connectionLimit", connectionCap.newGuard());
            if (!config.idleTimeout().isZero()) {
              p.addLast("idle", new IdleStateHandler(config.idleTimeout().toMillis(), 0, 0,
                  TimeUnit.MILLISECONDS));
            }
            if (ssl != null) {
              p.addLast("ssl", ssl.newHandler(ch.alloc()));
            }
            SyslogFrameDecoder decoder = new SyslogFrameDecoder(config.eventSize());
            p.addLast("frames", decoder);
            p.addLast("events", new SyslogTcpConnection(name, config, parser, channels, counters,
                decoder, pauses, waiting, batchLimit, commitThreads, stopping, inFlight));
          }
        });
    try {
      for (int port : config.ports()) {
        InetSocketAddress at = config.host() == null ? new InetSocketAddress(port)
            : new InetSocketAddress(config.host(), port);
        servers.add(b.bind(at).syncUninterruptibly().channel());
      }
    } catch (RuntimeException e) {
      stop();
      throw new IllegalStateException("source " + name + ": cannot listen on "
          + (config.host() == null ? "*" : config.host()) + " ports " + config.ports() + ": " + e, e);
    }
    LOG.info("Source {} receiving syslog over TCP on {}:{} (tls={}, eventSize={})", name,
        config.host() == null ? "*" : config.host(), boundPorts(), ssl != null, config.eventSize());
  }

  /** The ports actually bound, in the order configured (useful with port 0). */
  public synchronized List<Integer> boundPorts() {
    return servers.stream().map(c -> ((InetSocketAddress) c.localAddress()).getPort()).toList();
  }

  /** Connections currently open. */
  public int openConnections() {
    return connectionCap.open();
  }

  @Override
  public synchronized void stop() {
    if (ioGroup == null) {
      return;
    }
    servers.forEach(c -> c.close().awaitUninterruptibly());
    servers.clear();
    for (Channel c : all) { // run on each event loop before the close queued after it
      c.eventLoop().execute(() -> {
        SyslogFrameDecoder frames = c.pipeline().get(SyslogFrameDecoder.class);
        if (frames != null) {
          frames.closingHere();
        }
      });
    }
    stopping.set(true);
    all.close().awaitUninterruptibly();
    for (EventExecutor loop : ioGroup) { // after the channelInactive calls the closes queued
      loop.submit(() -> { }).awaitUninterruptibly();
    }
    stopCommitThreads();
    acceptGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    ioGroup.shutdownGracefully(0, 2, TimeUnit.SECONDS).awaitUninterruptibly();
    int lost = waiting.stream().mapToInt(SyslogTcpConnection::pendingEvents).sum();
    if (lost > 0) {
      counters.dropped.add(lost);
      LOG.error("Source {} stopped while {} events of {} connection(s) waited to go into the"
          + " channel; they are lost", name, lost, waiting.size());
    }
    waiting.clear();
    pauses.reset();
    inFlight.set(0);
    acceptGroup = null;
    ioGroup = null;
    commitThreads = null;
    LOG.info("Source {} stopped", name);
  }

  /**
   * Lets the puts under way end, and the connections go on with the batches behind them, for up to
   * {@value #COMMIT_STOP_SECONDS} s in all (as the HTTP source does); then interrupts the puts
   * still waiting for room (their events stay pending and are counted as lost). Before the I/O
   * threads stop, so that what the commit threads did reaches their connections.
   */
  private void stopCommitThreads() {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(COMMIT_STOP_SECONDS);
    while (inFlight.get() > 0 && System.nanoTime() - deadline < 0) {
      LockSupport.parkNanos(TimeUnit.MILLISECONDS.toNanos(1));
    }
    if (inFlight.get() > 0) {
      LOG.warn("Source {}: a put into the channel still waiting {} s after the stop is"
          + " interrupted", name, COMMIT_STOP_SECONDS);
    }
    commitThreads.shutdownNow();
    try {
      if (!commitThreads.awaitTermination(COMMIT_STOP_SECONDS, TimeUnit.SECONDS)) {
        LOG.warn("Source {}: a put into the channel did not end when interrupted", name);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }
}
