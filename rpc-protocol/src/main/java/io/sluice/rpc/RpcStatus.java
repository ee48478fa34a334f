package io.sluice.rpc;

/**
 * The reply of one Flume RPC call, in the order of Flume's {@code Status} enum (the ordinal is what
 * travels on the wire, so the order must never change).
 */
public enum RpcStatus {
  /** The batch was committed to the receiver's channel(s). */
  OK,
  /** The receiver could not take the batch (e.g. channel full); the sender should roll back. */
  FAILED,
  /** Undefined outcome; treated as a failure by senders. */
  UNKNOWN
}
