package io.sluice.rpc.server;

import io.sluice.rpc.Compression;
import io.sluice.rpc.tls.ServerTls;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;

/**
 * Settings of an {@link AvroRpcServer}; build with {@link #builder()}. Immutable.
 *
 * @param bind address to listen on (Flume {@code bind})
 * @param port port, 0 for an ephemeral one (see {@link AvroRpcServer#boundPort()})
 * @param ioThreads Netty I/O threads
 * @param handlerThreads threads running {@link BatchHandler} calls
 * @param maxConcurrentCalls calls in progress at once, server-wide; beyond it connections stop
 *     reading
 * @param maxFrameBytes largest accepted frame
 * @param maxEventsPerBatch largest accepted {@code appendBatch}
 * @param maxEventBytes largest accepted event body
 * @param idleTimeout a connection that sends no complete frame for this long while a frame is
 *     incomplete (or before its first frame) is closed; {@link Duration#ZERO} disables. Idle
 *     connections between calls are kept, as Flume senders hold them open.
 * @param maxConnections open connections at once; more are closed on accept
 * @param compression Flume {@code compression-type}; replies are compressed at {@code
 *     compressionLevel}
 * @param tls Flume {@code ssl=true} settings, or null for plain text
 * @param ipFilter Flume {@code ipFilterRules}, or null for none
 * @param threadFactory creates every server thread; null for daemon threads named {@code
 *     sluice-rpc-*}
 * @param sendBufferBytes each connection's socket send buffer ({@code SO_SNDBUF}); 0 for the
 *     system's auto-tuned default
 */
public record RpcServerConfig(
    String bind,
    int port,
    int ioThreads,
    int handlerThreads,
    int maxConcurrentCalls,
    int maxFrameBytes,
    int maxEventsPerBatch,
    int maxEventBytes,
    Duration idleTimeout,
    int maxConnections,
    Compression compression,
    int compressionLevel,
    ServerTls tls,
    IpFilterRules ipFilter,
    ThreadFactory threadFactory,
    int sendBufferBytes) {

  public RpcServerConfig {
    Objects.requireNonNull(bind, "bind");
    require(port >= 0 && port <= 65535, "port must be 0..65535, not " + port);
    require(ioThreads >= 1, "ioThreads must be >= 1");
    require(handlerThreads >= 1, "handlerThreads must be >= 1");
    require(maxConcurrentCalls >= handlerThreads, "maxConcurrentCalls must be >= handlerThreads");
    require(maxFrameBytes >= 1024, "maxFrameBytes must be >= 1024");
    require(maxEventsPerBatch >= 1, "maxEventsPerBatch must be >= 1");
    require(maxEventBytes >= 1 && maxEventBytes <= maxFrameBytes,
        "maxEventBytes must be 1..maxFrameBytes");
    require(idleTimeout != null && !idleTimeout.isNegative(), "idleTimeout must be >= 0");
    require(maxConnections >= 1, "maxConnections must be >= 1");
    Objects.requireNonNull(compression, "compression");
    require(compressionLevel >= 0 && compressionLevel <= 9, "compression level must be 0..9");
    require(sendBufferBytes >= 0, "sendBufferBytes must be >= 0");
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  public static Builder builder() {
    return new Builder();
  }

  /** Mutable builder with defaults; not thread-safe. */
  public static final class Builder {
    private String bind = "0.0.0.0";
    private int port;
    private int ioThreads = Math.max(2, Runtime.getRuntime().availableProcessors());
    private int handlerThreads = 8;
    private int maxConcurrentCalls = 64;
    private int maxFrameBytes = 64 << 20;
    private int maxEventsPerBatch = 100_000;
    private int maxEventBytes = 32 << 20;
    private Duration idleTimeout = Duration.ofSeconds(60);
    private int maxConnections = 4096;
    private Compression compression = Compression.NONE;
    private int compressionLevel = 6;
    private ServerTls tls;
    private IpFilterRules ipFilter;
    private ThreadFactory threadFactory;
    private int sendBufferBytes;

    public Builder bind(String v) { bind = v; return this; }
    public Builder port(int v) { port = v; return this; }
    public Builder ioThreads(int v) { ioThreads = v; return this; }
    public Builder handlerThreads(int v) { handlerThreads = v; return this; }
    public Builder maxConcurrentCalls(int v) { maxConcurrentCalls = v; return this; }
    public Builder maxFrameBytes(int v) { maxFrameBytes = v; return this; }
    public Builder maxEventsPerBatch(int v) { maxEventsPerBatch = v; return this; }
    public Builder maxEventBytes(int v) { maxEventBytes = v; return this; }
    public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
    public Builder maxConnections(int v) { maxConnections = v; return this; }
    public Builder compression(Compression v) { compression = v; return this; }
    public Builder compressionLevel(int v) { compressionLevel = v; return this; }
    public Builder tls(ServerTls v) { tls = v; return this; }
    public Builder ipFilter(IpFilterRules v) { ipFilter = v; return this; }
    public Builder threadFactory(ThreadFactory v) { threadFactory = v; return this; }
    public Builder sendBufferBytes(int v) { sendBufferBytes = v; return this; }

    public RpcServerConfig build() {
      return new RpcServerConfig(bind, port, ioThreads, handlerThreads, maxConcurrentCalls,
          maxFrameBytes, maxEventsPerBatch, Math.min(maxEventBytes, maxFrameBytes), idleTimeout,
          maxConnections, compression, compressionLevel, tls, ipFilter, threadFactory,
          sendBufferBytes);
    }
  }
}
