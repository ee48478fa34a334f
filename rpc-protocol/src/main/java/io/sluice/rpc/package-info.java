/**
 * Flume-wire-compatible Avro RPC ({@code AvroSourceProtocol}) for Sluice, independent of the agent
 * runtime.
 *
 * <p><b>Design decision: our own Netty 4 pipeline, not avro-ipc-netty.</b> Avro's
 * {@code NettyServer}/{@code NettyTransceiver} trust the length fields of a frame (a peer can make
 * the server allocate what it claims), run handlers on fixed internal pools and offer no limits or
 * back-pressure. Here the transport is small and explicit:
 *
 * <ul>
 *   <li>{@code io.sluice.rpc.wire}: the data-pack framing (4-byte serial, 4-byte buffer count,
 *       length-prefixed buffers), the Avro handshake records and the call/reply encoding, written
 *       by hand against the Avro binary spec. Every length is checked against a limit and against
 *       the bytes actually received before anything is allocated.
 *   <li>{@code io.sluice.rpc.protocol}: the protocol text, byte-identical to what Flume 1.11 hashes,
 *       so Flume peers get handshake match {@code BOTH} on the first call; other texts are accepted
 *       when their messages are schema-equal (match {@code NONE} then {@code CLIENT}).
 *   <li>{@code io.sluice.rpc.tls}: TLS contexts from keystores, SSLv3 always off.
 *   <li>{@code io.sluice.rpc.server}: {@link io.sluice.rpc.server.AvroRpcServer}; calls go to a
 *       {@link io.sluice.rpc.server.BatchHandler} on a bounded executor, never on an I/O thread;
 *       when all call permits are taken the connection stops reading (auto-read off).
 *   <li>{@code io.sluice.rpc.client}: {@link io.sluice.rpc.client.AvroRpcClient}, blocking calls
 *       with connect/request timeouts, batch splitting and several calls in flight per connection.
 * </ul>
 *
 * <p>Pipeline order matches Flume 1.11: ip filter, zlib inflater/deflater, TLS, frame codec, so on
 * the wire it is zlib(TLS(frames)).
 */
package io.sluice.rpc;
