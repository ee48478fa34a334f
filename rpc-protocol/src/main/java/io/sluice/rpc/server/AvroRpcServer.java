package io.sluice.rpc.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFactory;
import io.netty.channel.ChannelOption;
import io.netty.channel.ReflectiveChannelFactory;
import io.netty.channel.ServerChannel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.sluice.rpc.Compression;
import io.sluice.rpc.FastThreads;
import io.sluice.rpc.NettyTransport;
import io.sluice.rpc.tls.SslContexts;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A Flume-compatible Avro RPC server ({@code AvroSourceProtocol}) that hands every batch to a
 * {@link BatchHandler}. Lifecycle: construct, {@link #start()}, {@link #close()}; it owns all of
 * its threads. Thread-safe.
 */
public final class AvroRpcServer implements AutoCloseable {
  private static final long SHUTDOWN_MILLIS = 5_000;
  /** How long a handler waits for the next frame of a connection it has just answered. */
  private static final long WATCH_WAIT_MILLIS = 1;
  /** Longest a handler keeps a connection from its I/O thread in one go. */
  private static final long WATCH_MAX_NANOS = TimeUnit.MILLISECONDS.toNanos(50);
  private final RpcServerConfig config;
  private final BatchHandler handler;
  private final AtomicInteger openConnections = new AtomicInteger();
  private EventLoopGroup acceptGroup;
  private EventLoopGroup ioGroup;
  private CallDispatcher dispatcher;
  private FrameWatcher watcher;
  private ChannelGroup channels;
  private Channel serverChannel;

  public AvroRpcServer(RpcServerConfig config, BatchHandler handler) {
    this.config = Objects.requireNonNull(config, "config");
    this.handler = Objects.requireNonNull(handler, "handler");
  }

  /**
   * Binds and starts serving.
   *
   * @throws IOException naming the address when it cannot be bound
   * @throws IllegalArgumentException when the TLS settings are unusable
   */
  public synchronized AvroRpcServer start() throws IOException {
    if (serverChannel != null) {
      throw new IllegalStateException("server on " + config.bind() + ":" + config.port()
          + " already started");
    }
    var ssl = config.tls() == null ? null : SslContexts.forServer(config.tls());
    // Plain connections use Java NIO even where native epoll loads: its sockets let a handler
    // thread write a reply itself (DirectWriteSocketChannel), which saves more per call than epoll.
    boolean plain = ssl == null && config.compression() == Compression.NONE;
    NettyTransport transport = plain ? NettyTransport.NIO : NettyTransport.current();
    acceptGroup = transport.newGroup(1, threads("sluice-rpc-accept"));
    ioGroup = transport.newGroup(config.ioThreads(), threads("sluice-rpc-io"));
    long watchNanos = watchNanos();
    watcher = plain && watchNanos > 0
        ? new FrameWatcher(WATCH_WAIT_MILLIS, config.watchSpin().toNanos()) : null;
    dispatcher = new CallDispatcher(config.handlerThreads(), config.maxConcurrentCalls(),
        threads("sluice-rpc-handler"));
    channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    ServerBootstrap b = new ServerBootstrap()
        .group(acceptGroup, ioGroup)
        .channelFactory(listeningChannels(plain, transport))
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.SO_KEEPALIVE, true)
        .childHandler(new ServerChannelInitializer(
            config, ssl, channels, openConnections, handler, dispatcher, watcher, watchNanos));
    if (config.sendBufferBytes() > 0) {
      b.childOption(ChannelOption.SO_SNDBUF, config.sendBufferBytes());
    }
    try {
      serverChannel = b.bind(config.bind(), config.port()).sync().channel();
    } catch (Exception e) {
      shutdownThreads();
      throw new IOException("cannot bind Avro RPC server to " + config.bind() + ":"
          + config.port() + ": " + e.getMessage(), e);
    }
    return this;
  }

  /** The listening port (the real one when configured with port 0). */
  public synchronized int boundPort() {
    if (serverChannel == null) {
      throw new IllegalStateException("server not started");
    }
    return ((InetSocketAddress) serverChannel.localAddress()).getPort();
  }

  /** Frames that handler threads read themselves, watching connections they had answered. */
  public synchronized long framesReadByHandlers() {
    return watcher == null ? 0 : watcher.framesRead();
  }

  /**
   * How long one watch may last: a quarter of the idle timeout at most, since the pipeline's
   * idle check only learns of a watch's reads when it ends; 0 when that is under the wait.
   */
  private long watchNanos() {
    long idle = config.idleTimeout().toNanos();
    long max = idle == 0 ? WATCH_MAX_NANOS : Math.min(WATCH_MAX_NANOS, idle / 4);
    return max < TimeUnit.MILLISECONDS.toNanos(WATCH_WAIT_MILLIS) ? 0 : max;
  }

  /** Frames that handler threads caught while polling a lone connection, without sleeping. */
  public synchronized long framesCaughtSpinning() {
    return watcher == null ? 0 : watcher.framesCaughtSpinning();
  }

  /** Watches of connections by the handler threads that had answered them. */
  public synchronized long connectionWatches() {
    return watcher == null ? 0 : watcher.watches();
  }

  /** Connections currently open (accepted and not refused). */
  public int openConnections() {
    return openConnections.get();
  }

  /** Stops accepting, closes every connection, stops all threads. Idempotent. */
  @Override
  public synchronized void close() {
    if (serverChannel == null) {
      return;
    }
    serverChannel.close().syncUninterruptibly();
    channels.close().syncUninterruptibly();
    serverChannel = null;
    shutdownThreads();
  }

  private void shutdownThreads() {
    acceptGroup.shutdownGracefully(0, SHUTDOWN_MILLIS, TimeUnit.MILLISECONDS).syncUninterruptibly();
    ioGroup.shutdownGracefully(0, SHUTDOWN_MILLIS, TimeUnit.MILLISECONDS).syncUninterruptibly();
    try {
      dispatcher.shutdown(SHUTDOWN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    if (watcher != null) {
      watcher.close();
    }
  }

  private static ChannelFactory<? extends ServerChannel> listeningChannels(
      boolean plain, NettyTransport transport) {
    return plain ? DirectWriteServerSocketChannel::new
        : new ReflectiveChannelFactory<>(transport.serverChannel());
  }

  private ThreadFactory threads(String name) {
    return config.threadFactory() != null
        ? FastThreads.from(config.threadFactory())
        : new DefaultThreadFactory(name, true);
  }
}
