package io.sluice.rpc.wire;

import io.sluice.rpc.RpcStatus;

/**
 * Avro RPC call and reply envelopes (after any handshake): a call is {@code meta: map<bytes>},
 * the message name, then the parameters; a reply is {@code meta}, an error flag, then either the
 * {@code Status} enum or the system-error union {@code ["string"]}. Stateless.
 */
public final class CallCodec {
  public static final String APPEND = "append";
  public static final String APPEND_BATCH = "appendBatch";
  /** Avro's handshake-only "ping": a call with an empty message name and no reply body. */
  public static final String PING = "";
  private static final int MAX_NAME_BYTES = 256;
  private static final int MAX_ERROR_BYTES = 64 * 1024;

  private CallCodec() {}

  public static void writeCallHeader(AvroWriter out, String messageName) {
    out.writeLong(0).writeString(messageName);
  }

  /** Reads call metadata (ignored) and returns the message name. */
  public static String readCallHeader(AvroReader in) {
    skipMetadata(in);
    return in.readString("message name", MAX_NAME_BYTES);
  }

  public static void writeStatusReply(AvroWriter out, RpcStatus status) {
    out.writeLong(0).writeBoolean(false).writeLong(status.ordinal());
  }

  public static void writeErrorReply(AvroWriter out, String message) {
    out.writeLong(0).writeBoolean(true).writeLong(0).writeString(message);
  }

  /**
   * Reads a reply to {@code append}/{@code appendBatch}.
   *
   * @throws RemoteCallException when the server answered with an error
   */
  public static RpcStatus readStatusReply(AvroReader in) {
    skipMetadata(in);
    if (in.readBoolean()) {
      in.readIndex("error union", 1);
      throw new RemoteCallException(in.readString("error message", MAX_ERROR_BYTES));
    }
    return RpcStatus.values()[in.readIndex("status", RpcStatus.values().length)];
  }

  /** Skips a {@code map<bytes>} (call, reply or handshake metadata). */
  public static void skipMetadata(AvroReader in) {
    for (long n = in.readBlockCount("metadata entries", 2); n != 0;
        n = in.readBlockCount("metadata entries", 2)) {
      for (long i = 0; i < n; i++) {
        in.readBytes("metadata key", in.remaining());
        in.readBytes("metadata value", in.remaining());
      }
    }
  }
}
