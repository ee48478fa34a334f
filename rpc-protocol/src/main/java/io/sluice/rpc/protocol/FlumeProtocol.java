package io.sluice.rpc.protocol;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Map;
import java.util.Objects;
import org.apache.avro.Protocol;

/**
 * Flume's {@code AvroSourceProtocol}: its JSON text exactly as Flume 1.11 (Avro 1.11) renders it,
 * and the MD5 of that text, which is what both sides put in the Avro handshake.
 *
 * <p>Immutable and thread-safe; {@link #md5()} returns a copy.
 */
public final class FlumeProtocol {
  private static final String RESOURCE = "AvroSourceProtocol.avpr";
  private static final String JSON = loadJson();
  private static final byte[] MD5 = md5Of(JSON);
  private static final Protocol PARSED = Protocol.parse(JSON);

  private FlumeProtocol() {}

  /** The protocol JSON, sent as {@code serverProtocol}/{@code clientProtocol} in handshakes. */
  public static String json() {
    return JSON;
  }

  /** MD5 of {@link #json()}: the handshake's {@code serverHash}/{@code clientHash}. */
  public static byte[] md5() {
    return MD5.clone();
  }

  static Protocol parsed() {
    return PARSED;
  }

  /**
   * Whether a peer's protocol text describes the same two messages with equal request and response
   * schemas (a different rendering of the same IDL, e.g. from another Avro version).
   */
  public static boolean isCompatible(String otherJson) {
    Protocol other;
    try {
      other = Protocol.parse(otherJson);
    } catch (RuntimeException e) {
      return false;
    }
    Map<String, Protocol.Message> ours = PARSED.getMessages();
    Map<String, Protocol.Message> theirs = other.getMessages();
    if (!ours.keySet().equals(theirs.keySet())) {
      return false;
    }
    for (Map.Entry<String, Protocol.Message> e : ours.entrySet()) {
      Protocol.Message t = theirs.get(e.getKey());
      if (!e.getValue().getRequest().equals(t.getRequest())
          || !e.getValue().getResponse().equals(t.getResponse())) {
        return false;
      }
    }
    return true;
  }

  static byte[] md5Of(String text) {
    try {
      return MessageDigest.getInstance("MD5").digest(text.getBytes(StandardCharsets.UTF_8));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("JDK without MD5", e);
    }
  }

  private static String loadJson() {
    try (InputStream in =
        Objects.requireNonNull(
            FlumeProtocol.class.getResourceAsStream(RESOURCE), "missing resource " + RESOURCE)) {
      // The resource holds no trailing newline: the bytes are hashed as they are.
      return new String(in.readAllBytes(), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
