package io.sluice.rpc.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.timeout.IdleStateHandler;
import io.sluice.rpc.wire.FrameDecoder;
import io.sluice.rpc.wire.FrameEncoder;
import io.sluice.rpc.wire.StreamLayers;
import io.sluice.rpc.wire.WireLimits;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds each server connection's pipeline in Flume 1.11's order: ip filter, connection limit,
 * stall detection, zlib, TLS, frame codec, call handling, fault logging. Thread-safe.
 */
final class ServerChannelInitializer extends ChannelInitializer<SocketChannel> {
  private static final FrameEncoder FRAME_ENCODER = new FrameEncoder();
  private final RpcServerConfig config;
  private final SslContext sslContext;
  private final ChannelGroup channels;
  private final IpFilterHandler ipFilter;
  private final AtomicInteger openConnections;
  private final BatchHandler handler;
  private final CallDispatcher dispatcher;
  private final HandshakeResponder handshakes = new HandshakeResponder();
  private final WireLimits limits;

  ServerChannelInitializer(RpcServerConfig config, SslContext sslContext, ChannelGroup channels,
      AtomicInteger openConnections, BatchHandler handler, CallDispatcher dispatcher) {
    this.config = config;
    this.sslContext = sslContext;
    this.channels = channels;
    this.ipFilter = config.ipFilter() == null ? null : new IpFilterHandler(config.ipFilter());
    this.openConnections = openConnections;
    this.handler = handler;
    this.dispatcher = dispatcher;
    this.limits = new WireLimits(
        config.maxFrameBytes(), config.maxEventsPerBatch(), config.maxEventBytes());
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    channels.add(ch); // so close() can close every connection
    ChannelPipeline p = ch.pipeline();
    if (ipFilter != null) {
      p.addLast("ipFilter", ipFilter);
    }
    p.addLast("connectionLimit", new ConnectionLimiter(openConnections, config.maxConnections()));
    if (!config.idleTimeout().isZero()) {
      p.addLast("idle",
          new IdleStateHandler(config.idleTimeout().toMillis(), 0, 0, TimeUnit.MILLISECONDS));
    }
    StreamLayers.addCompression(p, config.compression(), config.compressionLevel(),
        config.maxFrameBytes() + 65536);
    if (sslContext != null) {
      p.addLast("ssl", sslContext.newHandler(ch.alloc()));
    }
    p.addLast("frameDecoder",
        new FrameDecoder(config.maxFrameBytes(), sslContext == null, config.idleTimeout()));
    p.addLast("frameEncoder", FRAME_ENCODER);
    p.addLast("calls", new ServerConnection(handler, dispatcher, handshakes, limits));
    p.addLast("faults", new PeerFaultLogger());
  }
}
