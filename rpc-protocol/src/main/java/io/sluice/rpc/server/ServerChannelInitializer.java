package io.sluice.rpc.server;

import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.flush.FlushConsolidationHandler;
import io.netty.handler.ssl.SslContext;
import io.sluice.rpc.wire.FrameDecoder;
import io.sluice.rpc.wire.FrameEncoder;
import io.sluice.rpc.wire.StreamLayers;
import io.sluice.rpc.wire.WireLimits;
import java.time.Duration;

/**
 * Builds each server connection's pipeline in Flume 1.11's order: ip filter, connection limits,
 * zlib, TLS, flush consolidation, the memory budget of partial frames, frame codec, frame timeouts,
 * slow-reader guard, call handling, fault logging. Thread-safe.
 */
final class ServerChannelInitializer extends ChannelInitializer<SocketChannel> {
  private static final FrameEncoder FRAME_ENCODER = new FrameEncoder();
  /** A peer's reverse lookup may delay its connection this long, then its address text is used. */
  private static final Duration HOST_NAME_TIMEOUT = Duration.ofSeconds(2);
  private final RpcServerConfig config;
  private final SslContext sslContext;
  private final ChannelGroup channels;
  private final HostNameResolver hostNames;
  private final ConnectionSlots slots;
  private final MemoryBudget budget;
  private final ServerWarnings warnings;
  private final BatchHandler handler;
  private final CallDispatcher dispatcher;
  private final HandshakeResponder handshakes = new HandshakeResponder();
  private final PartialFrameHolders partialFrames = new PartialFrameHolders();
  private final WireLimits limits;

  ServerChannelInitializer(RpcServerConfig config, SslContext sslContext, ChannelGroup channels,
      ConnectionSlots slots, MemoryBudget budget, ServerWarnings warnings, BatchHandler handler,
      CallDispatcher dispatcher, HostNameResolver hostNames) {
    this.config = config;
    this.sslContext = sslContext;
    this.channels = channels;
    this.hostNames = hostNames;
    this.slots = slots;
    this.budget = budget;
    this.warnings = warnings;
    this.handler = handler;
    this.dispatcher = dispatcher;
    this.limits = new WireLimits(config.maxFrameBytes(), config.maxEventsPerBatch(),
        config.maxEventBytes(), config.maxHeadersPerEvent(), config.maxHeaderBytesPerEvent());
  }

  @Override
  protected void initChannel(SocketChannel ch) {
    channels.add(ch); // so close() can close every connection
    ChannelPipeline p = ch.pipeline();
    if (config.ipFilter() != null) {
      p.addLast("ipFilter", new IpFilterHandler(config.ipFilter(), hostNames,
          HOST_NAME_TIMEOUT, warnings.denied));
    }
    p.addLast("connectionLimit", new ConnectionLimiter(slots, warnings.refused));
    StreamLayers.addCompression(p, config.compression(), config.compressionLevel(),
        config.maxFrameBytes() + 65536);
    if (sslContext != null) {
      p.addLast("ssl", sslContext.newHandler(ch.alloc()));
    }
    // replies answered during a read turn leave in one write at its end (or every 256 replies),
    // not one each: a peer pipelining small calls costs one syscall per turn, not per call;
    // replies written outside a read (from the handler pool) are flushed at once
    p.addLast("flushConsolidation", new FlushConsolidationHandler(
        FlushConsolidationHandler.DEFAULT_EXPLICIT_FLUSH_AFTER_FLUSHES, false));
    FrameDecoder decoder = new FrameDecoder(config.maxFrameBytes(), sslContext == null);
    ReadGate gate = new ReadGate(ch);
    PartialFrameBudget partialFrame = new PartialFrameBudget(budget, partialFrames, decoder);
    p.addLast("partialFrameBudget", partialFrame);
    p.addLast("frameDecoder", decoder);
    p.addLast("frameEncoder", FRAME_ENCODER);
    if (!config.idleTimeout().isZero() || !config.connectionIdleTimeout().isZero()) {
      p.addLast("frameTimeout", new FrameTimeout(decoder, config.idleTimeout(),
          config.connectionIdleTimeout()));
    }
    p.addLast("slowReader", new SlowReaderGuard(gate, config.writeTimeout()));
    p.addLast("calls", new ServerConnection(handler, dispatcher, handshakes, limits, gate, budget,
        partialFrame, warnings.calls));
    p.addLast("faults", new PeerFaultLogger(warnings.faults));
  }
}
