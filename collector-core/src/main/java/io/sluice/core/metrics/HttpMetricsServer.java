package io.sluice.core.metrics;

import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.channel.nio.NioEventLoopGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.channel.socket.nio.NioServerSocketChannel;
import io.netty.handler.codec.http.HttpObjectAggregator;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.util.concurrent.DefaultEventExecutorGroup;
import io.netty.util.concurrent.EventExecutorGroup;
import io.sluice.core.runtime.NamedThreadFactory;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * The monitoring server ({@code -Dflume.monitoring.type=http -Dflume.monitoring.port=P}, as
 * Flume): {@code GET /metrics} answers Flume's JSON (one object per component group whose values
 * are all strings), {@code /prometheus} the Prometheus exposition, {@code /health/live},
 * {@code /health/ready} and {@code /status} the agent's health.
 *
 * <p>Built to stay up whatever its clients do: Netty reads requests without blocking, so a client
 * that sends half a request holds no thread; each connection carries one request and must deliver
 * it within the request timeout or is closed; requests are small and bounded; only GET is
 * answered (405 otherwise); connections past a fixed cap are closed at once. Two threads: one for
 * the network, one that renders answers (so a slow gauge cannot stop the reading of requests).
 * Thread-safe; {@link #close()} stops both.
 */
public final class HttpMetricsServer implements AutoCloseable {
  /** System property naming the monitoring type; only {@code http} is served. */
  public static final String TYPE_PROPERTY = "flume.monitoring.type";
  /** System property with the port (Flume's default 41414). */
  public static final String PORT_PROPERTY = "flume.monitoring.port";
  /** System property with the address to bind (default: every interface, as Flume). */
  public static final String BIND_PROPERTY = "sluice.monitoring.bind";

  /** How long a client has from connecting to having sent its whole request. */
  public static final Duration DEFAULT_REQUEST_TIMEOUT = Duration.ofSeconds(10);
  static final int MAX_CONNECTIONS = 64;

  private final EventLoopGroup io;
  private final EventExecutorGroup render;
  private final Channel server;
  private final ChannelGroup connections;

  /** Serves {@code agent}'s endpoints on {@code address}; {@code agent} may answer null while it starts. */
  public HttpMetricsServer(InetSocketAddress address, String agentName,
      Supplier<? extends MonitoredAgent> agent) throws IOException {
    this(address, new MonitoringRoutes(agentName, agent), DEFAULT_REQUEST_TIMEOUT);
  }

  HttpMetricsServer(InetSocketAddress address, MonitoringRoutes routes, Duration requestTimeout)
      throws IOException {
    io = new NioEventLoopGroup(1, new NamedThreadFactory("monitoring-http-io"));
    render = new DefaultEventExecutorGroup(1, new NamedThreadFactory("monitoring-http"));
    AtomicInteger open = new AtomicInteger();
    connections = new DefaultChannelGroup("monitoring-http", io.next());
    ServerBootstrap b = new ServerBootstrap().group(io).channel(NioServerSocketChannel.class)
        .option(ChannelOption.SO_BACKLOG, 32)
        .childHandler(new ChannelInitializer<SocketChannel>() {
          @Override
          protected void initChannel(SocketChannel ch) {
            connections.add(ch);
            ch.pipeline()
                .addLast(new ConnectionLimit(open, MAX_CONNECTIONS, requestTimeout))
                .addLast(new HttpServerCodec(4096, 8192, 8192))
                .addLast(new HttpObjectAggregator(8192))
                .addLast(render, new MonitoringHandler(routes));
          }
        });
    try {
      server = b.bind(address).syncUninterruptibly().channel();
    } catch (RuntimeException e) {
      shutdown();
      throw new IOException("cannot bind the monitoring server to " + address + ": " + e, e);
    }
  }

  /**
   * Starts a server when the system properties ask for it ({@code flume.monitoring.type=http}),
   * else returns null.
   *
   * @throws IllegalArgumentException naming the property when the type, port or address is bad
   * @throws IOException when the port cannot be bound
   */
  public static HttpMetricsServer fromSystemProperties(String agentName,
      Supplier<? extends MonitoredAgent> agent) throws IOException {
    return fromProperties(System::getProperty, agentName, agent);
  }

  /** As {@link #fromSystemProperties}, reading the properties from {@code property}. */
  static HttpMetricsServer fromProperties(UnaryOperator<String> property, String agentName,
      Supplier<? extends MonitoredAgent> agent) throws IOException {
    String type = property.apply(TYPE_PROPERTY);
    if (type == null || type.isBlank()) {
      return null;
    }
    if (!type.equalsIgnoreCase("http")) {
      throw new IllegalArgumentException(TYPE_PROPERTY + "=" + type
          + " is not supported; only 'http' is");
    }
    String port = Objects.requireNonNullElse(property.apply(PORT_PROPERTY), "41414");
    int p;
    try {
      p = Integer.parseInt(port.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(PORT_PROPERTY + "=" + port + " is not a port number");
    }
    if (p < 0 || p > 65535) {
      throw new IllegalArgumentException(PORT_PROPERTY + "=" + port + " is not a port number");
    }
    String bind = property.apply(BIND_PROPERTY);
    InetSocketAddress address = bind == null || bind.isBlank() ? new InetSocketAddress(p)
        : new InetSocketAddress(bind.trim(), p);
    if (address.isUnresolved()) {
      throw new IllegalArgumentException(BIND_PROPERTY + "=" + bind + " is not a known address");
    }
    return new HttpMetricsServer(address, agentName, agent);
  }

  /** The bound port (useful when started on port 0). */
  public int port() {
    return ((InetSocketAddress) server.localAddress()).getPort();
  }

  /** The bound address: a wildcard address when it listens on every interface. */
  public java.net.InetAddress bindAddress() {
    return ((InetSocketAddress) server.localAddress()).getAddress();
  }

  /** The renderer first (its last tasks may still hand work to the network thread), then that. */
  private void shutdown() {
    render.shutdownGracefully(20, 1000, TimeUnit.MILLISECONDS).syncUninterruptibly();
    io.shutdownGracefully(0, 1, TimeUnit.SECONDS).syncUninterruptibly();
  }

  @Override
  public void close() {
    server.close().syncUninterruptibly();
    connections.close().awaitUninterruptibly();
    shutdown();
  }
}
