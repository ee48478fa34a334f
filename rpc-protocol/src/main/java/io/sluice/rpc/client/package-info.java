/**
 * The Avro RPC client: {@link io.sluice.rpc.client.AvroRpcClient} configured by {@link
 * io.sluice.rpc.client.RpcClientConfig}; failures are {@link io.sluice.rpc.client.RpcException}s
 * naming the server.
 */
package io.sluice.rpc.client;
