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
 * @param maxHeadersPerEvent most headers in one event
 * @param maxHeaderBytesPerEvent most bytes one event's headers take on the wire
 * @param idleTimeout a connection that completes no frame for this long while part of a frame is
 *     held (or before its first frame) is closed, however many bytes trickle in; {@link
 *     Duration#ZERO} disables
 * @param connectionIdleTimeout a connection that completes no frame for this long between calls
 *     (nothing held, no call in flight) is closed quietly; {@link Duration#ZERO} keeps it
 * @param maxConnections open connections at once; more are closed on accept
 * @param maxConnectionsPerPeer open connections from one remote address; more are closed on accept
 * @param maxBufferedBytes server-wide bytes held in partial frames, in decoded calls waiting for
 *     the handler and in replies queued for peers that do not read them; a connection whose
 *     partial frame or unread replies would exceed it is closed, a call that would is answered
 *     {@code FAILED} at once
 * @param writeTimeout a connection whose replies stay unread (the connection unwritable, so not
 *     read from) this long is closed; {@link Duration#ZERO} never closes it
 * @param compression Flume {@code compression-type}; replies are compressed at {@code
 *     compressionLevel}
 * @param tls Flume {@code ssl=true} settings, or null for plain text
 * @param ipFilter Flume {@code ipFilterRules}, or null for none
 * @param threadFactory creates every server thread; null for daemon threads named {@code
 *     sluice-rpc-*}
 * @param warnInterval refused, denied and faulty connections and failed calls: of each kind, a
 *     few warnings per interval are logged one by one, the rest counted in one line at its end
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
    int maxHeadersPerEvent,
    int maxHeaderBytesPerEvent,
    Duration idleTimeout,
    Duration connectionIdleTimeout,
    int maxConnections,
    int maxConnectionsPerPeer,
    long maxBufferedBytes,
    Duration writeTimeout,
    Compression compression,
    int compressionLevel,
    ServerTls tls,
    IpFilterRules ipFilter,
    ThreadFactory threadFactory,
    Duration warnInterval) {

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
    require(maxHeadersPerEvent >= 0, "maxHeadersPerEvent must be >= 0");
    require(maxHeaderBytesPerEvent >= 0, "maxHeaderBytesPerEvent must be >= 0");
    require(idleTimeout != null && !idleTimeout.isNegative(), "idleTimeout must be >= 0");
    require(connectionIdleTimeout != null && !connectionIdleTimeout.isNegative(),
        "connectionIdleTimeout must be >= 0");
    require(maxConnections >= 1, "maxConnections must be >= 1");
    require(maxConnectionsPerPeer >= 1, "maxConnectionsPerPeer must be >= 1");
    require(maxBufferedBytes >= maxFrameBytes,
        "maxBufferedBytes must be >= maxFrameBytes, so that one largest frame fits");
    require(writeTimeout != null && !writeTimeout.isNegative(), "writeTimeout must be >= 0");
    Objects.requireNonNull(compression, "compression");
    require(compressionLevel >= 0 && compressionLevel <= 9, "compression level must be 0..9");
    require(warnInterval != null && warnInterval.toMillis() > 0, "warnInterval must be > 0");
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
    private int maxHeadersPerEvent = 1024;
    private int maxHeaderBytesPerEvent = 64 << 10;
    private Duration idleTimeout = Duration.ofSeconds(60);
    private Duration connectionIdleTimeout = Duration.ofMinutes(10);
    private int maxConnections = 4096;
    private int maxConnectionsPerPeer; // 0: a quarter of maxConnections
    private long maxBufferedBytes; // 0: a quarter of the heap, at least one largest frame
    private Duration writeTimeout = Duration.ofSeconds(30);
    private Compression compression = Compression.NONE;
    private int compressionLevel = 6;
    private ServerTls tls;
    private IpFilterRules ipFilter;
    private ThreadFactory threadFactory;
    private Duration warnInterval = Duration.ofSeconds(10);

    public Builder bind(String v) { bind = v; return this; }
    public Builder port(int v) { port = v; return this; }
    public Builder ioThreads(int v) { ioThreads = v; return this; }
    public Builder handlerThreads(int v) { handlerThreads = v; return this; }
    public Builder maxConcurrentCalls(int v) { maxConcurrentCalls = v; return this; }
    public Builder maxFrameBytes(int v) { maxFrameBytes = v; return this; }
    public Builder maxEventsPerBatch(int v) { maxEventsPerBatch = v; return this; }
    public Builder maxEventBytes(int v) { maxEventBytes = v; return this; }
    public Builder maxHeadersPerEvent(int v) { maxHeadersPerEvent = v; return this; }
    public Builder maxHeaderBytesPerEvent(int v) { maxHeaderBytesPerEvent = v; return this; }
    public Builder idleTimeout(Duration v) { idleTimeout = v; return this; }
    public Builder connectionIdleTimeout(Duration v) { connectionIdleTimeout = v; return this; }
    public Builder maxConnections(int v) { maxConnections = v; return this; }
    /** 0 (the default) for a quarter of maxConnections. */
    public Builder maxConnectionsPerPeer(int v) { maxConnectionsPerPeer = v; return this; }
    /** 0 (the default) for a quarter of the heap ({@code -Xmx}), at least maxFrameBytes. */
    public Builder maxBufferedBytes(long v) { maxBufferedBytes = v; return this; }
    public Builder writeTimeout(Duration v) { writeTimeout = v; return this; }
    public Builder compression(Compression v) { compression = v; return this; }
    public Builder compressionLevel(int v) { compressionLevel = v; return this; }
    public Builder tls(ServerTls v) { tls = v; return this; }
    public Builder ipFilter(IpFilterRules v) { ipFilter = v; return this; }
    public Builder threadFactory(ThreadFactory v) { threadFactory = v; return this; }
    public Builder warnInterval(Duration v) { warnInterval = v; return this; }

    public RpcServerConfig build() {
      return new RpcServerConfig(bind, port, ioThreads, handlerThreads, maxConcurrentCalls,
          maxFrameBytes, maxEventsPerBatch, Math.min(maxEventBytes, maxFrameBytes),
          maxHeadersPerEvent, maxHeaderBytesPerEvent, idleTimeout, connectionIdleTimeout,
          maxConnections,
          maxConnectionsPerPeer > 0 ? maxConnectionsPerPeer : Math.max(1, maxConnections / 4),
          maxBufferedBytes > 0 ? maxBufferedBytes
              : Math.max(Runtime.getRuntime().maxMemory() / 4, maxFrameBytes),
          writeTimeout, compression, compressionLevel, tls, ipFilter, threadFactory,
          warnInterval);
    }
  }
}
