package io.sluice.rpc.server;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.DefaultThreadFactory;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.sluice.rpc.FastThreads;
import io.sluice.rpc.NettyTransport;
import io.sluice.rpc.tls.SslContexts;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;

/**
 * A Flume-compatible Avro RPC server ({@code AvroSourceProtocol}) that hands every batch to a
 * {@link BatchHandler}. Lifecycle: construct, {@link #start()}, {@link #close()}; it owns all of
 * its threads. Thread-safe.
 */
public final class AvroRpcServer implements AutoCloseable {
  private static final long SHUTDOWN_MILLIS = 5_000;
  private final RpcServerConfig config;
  private final BatchHandler handler;
  private final ConnectionSlots slots;
  private final MemoryBudget budget;
  private EventLoopGroup acceptGroup;
  private EventLoopGroup ioGroup;
  private CallDispatcher dispatcher;
  private ServerWarnings warnings;
  private ChannelGroup channels;
  private HostNameResolver hostNames;
  private Channel serverChannel;
  /** Tests only ({@code SendBuffers}): a small SO_SNDBUF makes replies back up; 0 = the OS's. */
  private int sendBufferBytes;
  /** Reverse DNS for ipFilterRules' name rules; tests replace it with a slow or failing one. */
  private Function<InetAddress, String> reverseLookup = HostNameResolver::reverseLookup;

  public AvroRpcServer(RpcServerConfig config, BatchHandler handler) {
    this.config = Objects.requireNonNull(config, "config");
    this.handler = Objects.requireNonNull(handler, "handler");
    this.slots = new ConnectionSlots(config.maxConnections(), config.maxConnectionsPerPeer());
    this.budget = new MemoryBudget(config.maxBufferedBytes());
  }

  /** Sets each connection's socket send buffer; before {@link #start}. For tests only. */
  synchronized AvroRpcServer sendBufferBytes(int bytes) {
    sendBufferBytes = bytes;
    return this;
  }

  /** Replaces the reverse DNS lookup of {@code name} rules; before {@link #start}. For tests only. */
  synchronized AvroRpcServer reverseLookup(Function<InetAddress, String> lookup) {
    reverseLookup = lookup;
    return this;
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
    NettyTransport transport = NettyTransport.current();
    acceptGroup = transport.newGroup(1, threads("sluice-rpc-accept"));
    ioGroup = transport.newGroup(config.ioThreads(), threads("sluice-rpc-io"));
    dispatcher = new CallDispatcher(config.handlerThreads(), config.maxConcurrentCalls(),
        threads("sluice-rpc-handler"));
    channels = new DefaultChannelGroup(GlobalEventExecutor.INSTANCE);
    warnings = new ServerWarnings(acceptGroup.next(), config.warnInterval());
    hostNames = new HostNameResolver(threads("sluice-rpc-dns"), reverseLookup);
    ServerBootstrap b = new ServerBootstrap()
        .group(acceptGroup, ioGroup)
        .channel(transport.serverChannel())
        .option(ChannelOption.SO_BACKLOG, 1024)
        .childOption(ChannelOption.TCP_NODELAY, true)
        .childOption(ChannelOption.SO_KEEPALIVE, true)
        // beyond 64 KiB of unread replies a connection is not read from (SlowReaderGuard)
        .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK,
            new WriteBufferWaterMark(32 << 10, 64 << 10))
        .childHandler(new ServerChannelInitializer(
            config, ssl, channels, slots, budget, warnings, handler, dispatcher, hostNames));
    if (sendBufferBytes > 0) {
      b.childOption(ChannelOption.SO_SNDBUF, sendBufferBytes);
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

  /** Connections currently open (accepted and not refused). */
  public int openConnections() {
    return slots.open();
  }

  /**
   * Bytes now charged to the {@code maxBufferedBytes} budget (partial frames, decoded calls
   * waiting for the handler, unread replies).
   */
  public long bufferedBytes() {
    return budget.used();
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
    warnings.reportHeldBack();
  }

  private void shutdownThreads() {
    acceptGroup.shutdownGracefully(0, SHUTDOWN_MILLIS, TimeUnit.MILLISECONDS).syncUninterruptibly();
    ioGroup.shutdownGracefully(0, SHUTDOWN_MILLIS, TimeUnit.MILLISECONDS).syncUninterruptibly();
    hostNames.close();
    try {
      dispatcher.shutdown(SHUTDOWN_MILLIS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private ThreadFactory threads(String name) {
    return config.threadFactory() != null
        ? FastThreads.from(config.threadFactory())
        : new DefaultThreadFactory(name, true);
  }
}
