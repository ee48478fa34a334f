/**
 * The Avro RPC server: {@link io.sluice.rpc.server.AvroRpcServer} configured by {@link
 * io.sluice.rpc.server.RpcServerConfig}, delivering batches to a {@link
 * io.sluice.rpc.server.BatchHandler} on a bounded executor.
 *
 * <p>A peer that breaks a limit or the protocol (garbage, truncated or oversized frames, TLS on a
 * plain port, stalling mid-frame) has its connection closed with one WARN line naming its address
 * and what it did; other connections are unaffected.
 */
package io.sluice.rpc.server;
