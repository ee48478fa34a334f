package io.sluice.rpc.client;

import io.sluice.rpc.Compression;
import io.sluice.rpc.tls.ClientTls;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ThreadFactory;

/**
 * Settings of an {@link AvroRpcClient}; build with {@link #builder(String, int)}. Unlike Flume,
 * any positive timeout is honoured (Flume silently replaces values under one second). Immutable.
 *
 * @param batchSize Flume {@code batch-size}: larger batches are sent as several calls of at most
 *     this many events
 * @param connectTimeout bounds the TCP connect plus TLS and Avro handshakes
 * @param requestTimeout bounds the wait for each call's reply, from when it was sent
 * @param compressionLevel deflate level 0..9 (Flume {@code compression-level})
 * @param tls Flume {@code ssl=true} settings, or null for plain text
 * @param maxFrameBytes largest reply frame accepted
 * @param maxCallsInFlight calls of one {@code appendBatch} sent before waiting for the first
 *     reply. 1 (the default) sends chunks one after another like Flume and keeps their order;
 *     more pipelines them for throughput, but servers (ours and Avro's) may then run the chunks
 *     concurrently, so they can arrive out of order
 * @param threadFactory creates the client's I/O thread; null for a daemon thread named {@code
 *     sluice-rpc-client-*}
 */
public record RpcClientConfig(
    String host,
    int port,
    int batchSize,
    Duration connectTimeout,
    Duration requestTimeout,
    Compression compression,
    int compressionLevel,
    ClientTls tls,
    int maxFrameBytes,
    int maxCallsInFlight,
    ThreadFactory threadFactory) {

  public RpcClientConfig {
    Objects.requireNonNull(host, "hostname");
    require(port > 0 && port <= 65535, "port must be 1..65535, not " + port);
    require(batchSize >= 1, "batch-size must be >= 1, not " + batchSize);
    require(isPositive(connectTimeout), "connect-timeout must be positive");
    require(isPositive(requestTimeout), "request-timeout must be positive");
    Objects.requireNonNull(compression, "compression-type");
    require(compressionLevel >= 0 && compressionLevel <= 9, "compression-level must be 0..9");
    require(maxFrameBytes >= 1024, "maxFrameBytes must be >= 1024");
    require(maxCallsInFlight >= 1, "maxCallsInFlight must be >= 1");
  }

  /** {@code host:port}, as used in error messages. */
  public String peer() {
    return host + ":" + port;
  }

  private static boolean isPositive(Duration d) {
    return d != null && !d.isNegative() && !d.isZero();
  }

  private static void require(boolean ok, String message) {
    if (!ok) {
      throw new IllegalArgumentException(message);
    }
  }

  public static Builder builder(String host, int port) {
    return new Builder(host, port);
  }

  /** Mutable builder with Flume's defaults; not thread-safe. */
  public static final class Builder {
    private final String host;
    private final int port;
    private int batchSize = 100;
    private Duration connectTimeout = Duration.ofSeconds(20);
    private Duration requestTimeout = Duration.ofSeconds(20);
    private Compression compression = Compression.NONE;
    private int compressionLevel = 6;
    private ClientTls tls;
    private int maxFrameBytes = 64 << 20;
    private int maxCallsInFlight = 1;
    private ThreadFactory threadFactory;

    private Builder(String host, int port) {
      this.host = host;
      this.port = port;
    }

    public Builder batchSize(int v) { batchSize = v; return this; }
    public Builder connectTimeout(Duration v) { connectTimeout = v; return this; }
    public Builder requestTimeout(Duration v) { requestTimeout = v; return this; }
    public Builder compression(Compression v) { compression = v; return this; }
    public Builder compressionLevel(int v) { compressionLevel = v; return this; }
    public Builder tls(ClientTls v) { tls = v; return this; }
    public Builder maxFrameBytes(int v) { maxFrameBytes = v; return this; }
    public Builder maxCallsInFlight(int v) { maxCallsInFlight = v; return this; }
    public Builder threadFactory(ThreadFactory v) { threadFactory = v; return this; }

    public RpcClientConfig build() {
      return new RpcClientConfig(host, port, batchSize, connectTimeout, requestTimeout,
          compression, compressionLevel, tls, maxFrameBytes, maxCallsInFlight, threadFactory);
    }
  }
}
