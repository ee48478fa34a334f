package io.sluice.rpc.wire;

/**
 * Avro's {@code HandshakeRequest} record: {@code clientHash: MD5, clientProtocol: [null,string],
 * serverHash: MD5, meta: [null, map<bytes>]}. Request metadata is read and ignored.
 *
 * @param clientProtocol protocol text, or null when the client assumes the server knows its hash
 */
public record HandshakeRequest(byte[] clientHash, String clientProtocol, byte[] serverHash) {
  private static final int MD5_SIZE = 16;

  public static HandshakeRequest read(AvroReader in, int maxProtocolBytes) {
    byte[] clientHash = in.readFixed("handshake clientHash", MD5_SIZE);
    String protocol = in.readIndex("handshake clientProtocol union", 2) == 1
        ? in.readString("handshake clientProtocol", maxProtocolBytes)
        : null;
    byte[] serverHash = in.readFixed("handshake serverHash", MD5_SIZE);
    if (in.readIndex("handshake meta union", 2) == 1) {
      CallCodec.skipMetadata(in);
    }
    return new HandshakeRequest(clientHash, protocol, serverHash);
  }

  public void write(AvroWriter out) {
    out.writeFixed(clientHash);
    if (clientProtocol == null) {
      out.writeLong(0);
    } else {
      out.writeLong(1).writeString(clientProtocol);
    }
    out.writeFixed(serverHash);
    out.writeLong(0);
  }
}
