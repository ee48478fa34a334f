package io.sluice.core.avro;

import io.sluice.rpc.Compression;
import io.sluice.rpc.server.IpFilterRules;
import io.sluice.rpc.server.RpcServerConfig;
import io.sluice.rpc.tls.ServerTls;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * The {@code avro} source's settings, built by {@link AvroSourceFactory}. Immutable.
 *
 * @param bind {@code bind}
 * @param port {@code port} (0 picks a free one)
 * @param threads {@code threads}: threads running channel commits (Flume 1.11 ignores the key)
 * @param compression {@code compression-type}
 * @param tls server TLS from {@code ssl}, {@code keystore*}, {@code ssl-client-auth}, {@code
 *     truststore*} and the protocol/cipher filters; null for plain text
 * @param ipFilter {@code ipFilterRules} when {@code ipFilter = true}, else null
 * @param maxEventsPerBatch {@code max-events-per-batch}: larger batches close the connection
 * @param maxFrameBytes {@code max-frame-bytes}: largest accepted frame
 * @param maxConnections {@code max-connections}
 * @param idleTimeout {@code idle-timeout}: a half-sent frame stalled this long closes the
 *     connection
 * @param tlsFromGlobals the TLS values taken from Flume's global settings, as {@code key = value
 *     (origin)} without passwords, logged when the component is created; empty when none
 */
public record AvroSourceConfig(
    String bind,
    int port,
    int threads,
    Compression compression,
    ServerTls tls,
    IpFilterRules ipFilter,
    int maxEventsPerBatch,
    int maxFrameBytes,
    int maxConnections,
    Duration idleTimeout,
    List<String> tlsFromGlobals) {

  public AvroSourceConfig {
    tlsFromGlobals = tlsFromGlobals == null ? List.of() : List.copyOf(tlsFromGlobals);
  }

  /** The RPC server settings; every server thread comes from {@code threads}. */
  public RpcServerConfig toServerConfig(ThreadFactory threadFactory) {
    return RpcServerConfig.builder()
        .bind(bind)
        .port(port)
        .ioThreads(Math.max(2, Runtime.getRuntime().availableProcessors()))
        .handlerThreads(threads)
        // queued calls beyond the handler threads keep connections busy without reading more
        .maxConcurrentCalls(Math.max(threads * 4, 16))
        .maxFrameBytes(maxFrameBytes)
        .maxEventsPerBatch(maxEventsPerBatch)
        .maxEventBytes(maxFrameBytes)
        .maxConnections(maxConnections)
        .idleTimeout(idleTimeout)
        .compression(compression)
        .compressionLevel(6) // Flume's source always answers at level 6
        .tls(tls)
        .ipFilter(ipFilter)
        .threadFactory(threadFactory)
        .build();
  }
}
