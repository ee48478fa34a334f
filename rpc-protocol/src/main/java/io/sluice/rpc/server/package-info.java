/**
 * The Avro RPC server: {@link io.sluice.rpc.server.AvroRpcServer} configured by {@link
 * io.sluice.rpc.server.RpcServerConfig}, delivering batches to a {@link
 * io.sluice.rpc.server.BatchHandler}: on the connection's I/O thread when the handler can take the
 * call without waiting, otherwise on a bounded executor. Either way the reply is written by the
 * connection's event loop, the only thread that touches its socket.
 *
 * <p>A peer that breaks a limit or the protocol (garbage, truncated or oversized frames, TLS on a
 * plain port, stalling mid-frame) has its connection closed with one WARN line naming its address
 * and what it did; other connections are unaffected.
 */
package io.sluice.rpc.server;
