package io.sluice.edge.http;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.EventDrivenSource;
import io.sluice.api.http.HttpSourceHandler;
import io.sluice.edge.net.ConnectionCap;
import io.sluice.rpc.FastThreads;
import io.sluice.rpc.NettyTransport;
import io.sluice.rpc.tls.SslContexts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's HTTP source on Netty: each POST is one channel transaction made by the configured
 * {@link HttpSourceHandler}; see {@link RequestAnswers} for the answers and {@code
 * docs/sources/http.md}. Threads, all from the context's thread factory: one acceptor ({@code
 * http-accept}), I/O event loops ({@code http-io}) that read, decode and write, and answer a
 * request themselves when nothing on its way can wait (see {@link HttpConnection}), and {@code
 * threads} handler threads ({@code http-handler}), shared by all connections, for the requests
 * that may wait; each connection's requests are answered in order. {@link #stop()} closes the listener and every
 * connection and stops all of them.
 *
 * <p>Thread-safe: start and stop come from the runtime, connections run on the source's threads.
 */
public final class HttpSource implements EventDrivenSource {
  private static final Logger LOG = LoggerFactory.getLogger(HttpSource.class);
  private static final long SHUTDOWN_MILLIS = 5_000;
  private static final long IO_QUIET_MILLIS = 100;
  private static final int MAX_INITIAL_LINE = 8192;
  private static final int MAX_HEADER_BYTES = 16384;
  private static final int MAX_CHUNK_BYTES = 65536;

  private final String name;
  private final HttpSourceConfig config;
  private final HttpCounters counters;
  private final Function<String, ThreadFactory> threads;
  private final RequestAnswers answers;
  private final ConnectionCap connectionCap;
  private final Set<Channel> connections = ConcurrentHashMap.newKeySet();
  /** Bytes of request bodies arrived or arriving and not answered yet (maxBufferedRequestBytes). */
  private final AtomicLong bufferedBodyBytes = new AtomicLong();
  private final QuietWarnings overBudgetWarnings = new QuietWarnings(LOG);
  private EventLoopGroup acceptGroup;
  private EventLoopGroup ioGroup;
  private ExecutorService handlerThreads;
  private Channel serverChannel;

  HttpSource(String name, HttpSourceConfig config, HttpSourceHandler handler,
      ChannelProcessor channelProcessor, HttpCounters counters,
      Function<String, ThreadFactory> threads) {
    this.name = name;
    this.config = config;
    this.counters = counters;
    this.threads = threads;
    this.answers = new RequestAnswers(name, handler, channelProcessor, counters,
        config.retryAfterSeconds());
    this.connectionCap = new ConnectionCap(LOG, "HTTP source " + name, config.maxConnections(),
        counters::refused);
    counters.openConnections(connectionCap::open);
    counters.bufferedRequestBytes(bufferedBodyBytes::get);
  }

  @Override
  public synchronized void start() throws IOException {
    if (serverChannel != null) {
      throw new IllegalStateException("HTTP source " + name + " already started");
    }
    SslContext ssl = config.tls() == null ? null : SslContexts.forServer(config.tls());
    NettyTransport transport = NettyTransport.current();
    acceptGroup = transport.newGroup(1, FastThreads.from(threads.apply("http-accept")));
    ioGroup = transport.newGroup(Math.min(4, Runtime.getRuntime().availableProcessors()),
        FastThreads.from(threads.apply("http-io")));
    handlerThreads = Executors.newFixedThreadPool(config.threads(),
        FastThreads.from(threads.apply("http-handler")));
    ServerBootstrap b = new ServerBootstrap()
        .group(acceptGroup, ioGroup)
        .channel(transport.serverChannel())
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.SO_KEEPALIVE, true)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            connections.add(ch);
            ch.closeFuture().addListener(f -> connections.remove(ch));
            pipeline(ch, ssl);
          }
        });
    try {
      serverChannel = b.bind(config.bind(), config.port()).sync().channel();
    } catch (Exception e) {
      shutdownThreads();
      throw new IOException("HTTP source " + name + ": cannot listen on " + config.bind() + ":"
          + config.port() + ": " + e.getMessage(), e);
    }
    LOG.info("HTTP source {} listening on {}{} with handler {}", name,
        serverChannel.localAddress(), ssl == null ? "" : " (TLS)", config.handler().name());
  }

  private void pipeline(SocketChannel ch, SslContext ssl) {
    ChannelPipeline p = ch.pipeline();
    p.addLast("limit", connectionCap.newGuard());
    if (!config.idleTimeout().isZero()) {
      p.addLast("idle",
          new IdleStateHandler(0, 0, config.idleTimeout().toMillis(), TimeUnit.MILLISECONDS));
    }
    if (ssl != null) {
      p.addLast("ssl", ssl.newHandler(ch.alloc()));
    }
    p.addLast("codec", new HttpServerCodec(MAX_INITIAL_LINE, MAX_HEADER_BYTES, MAX_CHUNK_BYTES));
    BoundedAggregator aggregator = new BoundedAggregator(name, config.maxRequestBytes(), counters,
        bufferedBodyBytes, config.maxBufferedRequestBytes(), config.retryAfterSeconds(),
        overBudgetWarnings);
    p.addLast("aggregate", aggregator);
    p.addLast("guard", new IdleGuard(name, aggregator::answered));
    p.addLast("requests", new HttpConnection(name, answers, handlerThreads));
  }

  /** The port actually bound (useful with {@code port = 0}); -1 before start. */
  public synchronized int boundPort() {
    return serverChannel == null ? -1
        : ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  @Override
  public synchronized void stop() {
    if (serverChannel == null) {
      return;
    }
    serverChannel.close().syncUninterruptibly();
    serverChannel = null;
    for (Channel c : connections) {
      c.close().awaitUninterruptibly(SHUTDOWN_MILLIS);
    }
    shutdownThreads();
    LOG.info("HTTP source {} stopped", name);
  }

  private void shutdownThreads() {
    // I/O threads first, then the handler threads: a commit still running finishes (or, past the
    // deadline, is interrupted); its answer has no I/O thread left to go out on and is released.
    acceptGroup.shutdownGracefully(0, SHUTDOWN_MILLIS, TimeUnit.MILLISECONDS).syncUninterruptibly();
    ioGroup.shutdownGracefully(IO_QUIET_MILLIS, SHUTDOWN_MILLIS, TimeUnit.MILLISECONDS)
        .syncUninterruptibly();
    handlerThreads.shutdown();
    try {
      if (!handlerThreads.awaitTermination(SHUTDOWN_MILLIS, TimeUnit.MILLISECONDS)) {
        LOG.warn("HTTP source {}: a request still committing after {} ms is interrupted", name,
            SHUTDOWN_MILLIS);
        runLeftOver(handlerThreads.shutdownNow());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      runLeftOver(handlerThreads.shutdownNow());
    }
  }

  /**
   * Requests no handler thread took: run here, each finds its connection closed and releases
   * its request instead of committing it.
   */
  private static void runLeftOver(List<Runnable> tasks) {
    tasks.forEach(Runnable::run);
  }
}
