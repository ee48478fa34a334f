/**
 * Internal: Avro RPC wire format (framing, handshake records, call envelopes, event encoding)
 * shared by the server and client packages. Not an API; may change without notice.
 */
package io.sluice.rpc.wire;
