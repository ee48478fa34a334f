package io.sluice.core.avro;

import io.sluice.api.config.BatchSized;
import io.sluice.rpc.Compression;
import io.sluice.rpc.client.RpcClientConfig;
import io.sluice.rpc.tls.ClientTls;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * The {@code avro} sink's settings, built by {@link AvroSinkFactory}. Immutable.
 *
 * @param hostname {@code hostname} of the next hop
 * @param port {@code port} of the next hop
 * @param batchSize {@code batch-size}: most events per transaction and per call
 * @param connectTimeout {@code connect-timeout}: TCP, TLS and Avro handshakes together
 * @param requestTimeout {@code request-timeout}: wait for each reply; null when unset, so the
 *     sink sizes it from observed latency ({@link RequestTimeouts})
 * @param resetConnectionInterval {@code reset-connection-interval}: reconnect this often (to
 *     rebalance behind a load balancer); zero means never
 * @param compression {@code compression-type}
 * @param compressionLevel {@code compression-level}
 * @param tls client TLS from {@code ssl}, {@code trust-all-certs}, {@code truststore*}, {@code
 *     ssl-verify-hostname}, {@code keystore*} and the filters; null for plain text
 * @param tlsFromGlobals the TLS values taken from Flume's global settings, as {@code key = value
 *     (origin)} without passwords, logged when the component is created; empty when none
 */
public record AvroSinkConfig(
    String hostname,
    int port,
    int batchSize,
    Duration connectTimeout,
    Duration requestTimeout,
    Duration resetConnectionInterval,
    Compression compression,
    int compressionLevel,
    ClientTls tls,
    List<String> tlsFromGlobals) implements BatchSized {

  public AvroSinkConfig {
    tlsFromGlobals = tlsFromGlobals == null ? List.of() : List.copyOf(tlsFromGlobals);
  }

  @Override
  public String batchSizeKey() {
    return "batch-size";
  }

  /** {@code hostname:port}. */
  public String peer() {
    return hostname + ":" + port;
  }

  /** The RPC client settings; the client's I/O thread comes from {@code threads}. */
  public RpcClientConfig toClientConfig(ThreadFactory threads) {
    return RpcClientConfig.builder(hostname, port)
        .batchSize(batchSize)
        .connectTimeout(connectTimeout)
        .requestTimeout(requestTimeout != null ? requestTimeout : RequestTimeouts.FLOOR)
        .compression(compression)
        .compressionLevel(compressionLevel)
        .tls(tls)
        .threadFactory(threads)
        .build();
  }
}
