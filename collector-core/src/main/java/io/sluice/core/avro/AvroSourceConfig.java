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
 * @param maxEventBytes {@code max-event-bytes}: largest event body
 * @param maxHeadersPerEvent {@code max-headers-per-event}
 * @param maxHeaderBytesPerEvent {@code max-header-bytes-per-event}
 * @param maxConnections {@code max-connections}
 * @param maxConnectionsPerPeer {@code max-connections-per-peer}; 0 for a quarter of {@code
 *     max-connections}
 * @param maxBufferedBytes {@code max-buffered-bytes}; 0 for a quarter of the heap
 * @param idleTimeout {@code idle-timeout}: no complete frame this long while part of one is held
 *     (or before the first) closes the connection
 * @param connectionIdleTimeout {@code connection-idle-timeout}: no call this long closes an idle
 *     connection
 * @param writeTimeout {@code write-timeout}: replies left unread this long close the connection
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
    int maxEventBytes,
    int maxHeadersPerEvent,
    int maxHeaderBytesPerEvent,
    int maxConnections,
    int maxConnectionsPerPeer,
    long maxBufferedBytes,
    Duration idleTimeout,
    Duration connectionIdleTimeout,
    Duration writeTimeout,
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
        .maxEventBytes(maxEventBytes)
        .maxHeadersPerEvent(maxHeadersPerEvent)
        .maxHeaderBytesPerEvent(maxHeaderBytesPerEvent)
        .maxConnections(maxConnections)
        .maxConnectionsPerPeer(maxConnectionsPerPeer)
        .maxBufferedBytes(maxBufferedBytes)
        .idleTimeout(idleTimeout)
        .connectionIdleTimeout(connectionIdleTimeout)
        .writeTimeout(writeTimeout)
        .compression(compression)
        .compressionLevel(6) // Flume's source always answers at level 6
        .tls(tls)
        .ipFilter(ipFilter)
        .threadFactory(threadFactory)
        .build();
  }
}
