package io.sluice.rpc.wire;

/**
 * Avro's {@code HandshakeResponse} record: {@code match: HandshakeMatch, serverProtocol:
 * [null,string], serverHash: [null,MD5], meta: [null, map<bytes>]}. Metadata is read and ignored.
 */
public record HandshakeResponse(HandshakeMatch match, String serverProtocol, byte[] serverHash) {
  private static final int MD5_SIZE = 16;

  public static HandshakeResponse read(AvroReader in, int maxProtocolBytes) {
    HandshakeMatch match =
        HandshakeMatch.values()[in.readIndex("handshake match", HandshakeMatch.values().length)];
    String protocol = in.readIndex("handshake serverProtocol union", 2) == 1
        ? in.readString("handshake serverProtocol", maxProtocolBytes)
        : null;
    byte[] hash = in.readIndex("handshake serverHash union", 2) == 1
        ? in.readFixed("handshake serverHash", MD5_SIZE)
        : null;
    if (in.readIndex("handshake meta union", 2) == 1) {
      CallCodec.skipMetadata(in);
    }
    return new HandshakeResponse(match, protocol, hash);
  }

  public void write(AvroWriter out) {
    out.writeLong(match.ordinal());
    if (serverProtocol == null) {
      out.writeLong(0);
    } else {
      out.writeLong(1).writeString(serverProtocol);
    }
    if (serverHash == null) {
      out.writeLong(0);
    } else {
      out.writeLong(1).writeFixed(serverHash);
    }
    out.writeLong(0);
  }
}
