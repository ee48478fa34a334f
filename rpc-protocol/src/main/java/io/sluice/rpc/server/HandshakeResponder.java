package io.sluice.rpc.server;

import io.sluice.rpc.protocol.FlumeProtocol;
import io.sluice.rpc.wire.HandshakeMatch;
import io.sluice.rpc.wire.HandshakeRequest;
import io.sluice.rpc.wire.HandshakeResponse;
import io.sluice.rpc.wire.PeerViolationException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The server side of the Avro handshake. Flume 1.11 clients send our exact hash (match BOTH);
 * clients whose text renders differently (other Avro versions) get NONE, resend their text, and
 * are accepted when its messages are schema-equal to ours; their hash is then remembered (a few
 * dozen at most). Thread-safe.
 */
final class HandshakeResponder {
  private static final int MAX_REMEMBERED = 32;
  private final byte[] localHash = FlumeProtocol.md5();
  private final Set<String> compatibleClientHashes = ConcurrentHashMap.newKeySet();

  HandshakeResponse respond(HandshakeRequest request) {
    String clientHash = HexFormat.of().formatHex(request.clientHash());
    boolean known = Arrays.equals(request.clientHash(), localHash)
        || compatibleClientHashes.contains(clientHash);
    if (!known && request.clientProtocol() != null) {
      if (!FlumeProtocol.isCompatible(request.clientProtocol())) {
        throw new PeerViolationException(
            "offered a protocol that is not Flume's AvroSourceProtocol (hash " + clientHash + ")");
      }
      if (compatibleClientHashes.size() < MAX_REMEMBERED) {
        compatibleClientHashes.add(clientHash);
      }
      known = true;
    }
    if (!known) {
      return new HandshakeResponse(HandshakeMatch.NONE, FlumeProtocol.json(), localHash);
    }
    if (Arrays.equals(request.serverHash(), localHash)) {
      return new HandshakeResponse(HandshakeMatch.BOTH, null, null);
    }
    return new HandshakeResponse(HandshakeMatch.CLIENT, FlumeProtocol.json(), localHash);
  }
}
