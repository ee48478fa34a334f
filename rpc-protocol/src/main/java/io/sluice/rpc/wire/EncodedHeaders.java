package io.sluice.rpc.wire;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.function.BiConsumer;

/**
 * An event's header map as Avro writes it, each name and value encoded to UTF-8 once while the map
 * is walked: the encoded size is then known before anything is written (an array of exactly that
 * size), and writing copies the held bytes instead of walking and encoding the map again. Names
 * among {@link KnownStrings} are not encoded at all. One per encoded event; not thread-safe.
 */
final class EncodedHeaders implements BiConsumer<String, String> {
  /** Shared by every empty map (no header, nothing held): length 0, so never written to. */
  private static final byte[][] NONE = new byte[0][];

  private final KnownStrings names;
  /** Name, value, name, value... */
  private byte[][] strings;
  private int held;
  /** The strings' encoded bytes, each with its length. */
  private int bytes;

  /** @param expected how many headers the map says it has (more are taken too) */
  EncodedHeaders(KnownStrings names, int expected) {
    this.names = names;
    this.strings = expected == 0 ? NONE : new byte[2 * expected][];
  }

  private static String nonNull(String name, String value) {
    if (value == null) {
      throw new IllegalArgumentException("event header '" + name + "' has a null value");
    }
    return value;
  }

  @Override
  public void accept(String name, String value) {
    hold(names.utf8(name));
    hold(nonNull(name, value).getBytes(StandardCharsets.UTF_8));
  }

  private void hold(byte[] s) {
    if (held == strings.length) {
      strings = Arrays.copyOf(strings, Math.max(4, 2 * strings.length));
    }
    strings[held++] = s;
    bytes += AvroWriter.sizeOfBytes(s.length);
  }

  /** The bytes {@link #writeTo} writes: the map's block, if any, and its closing zero count. */
  int encodedSize() {
    return held == 0 ? 1 : AvroWriter.sizeOfLong(held / 2) + bytes + 1;
  }

  /** Writes the map as one block of all its entries, then the closing zero count. */
  void writeTo(AvroWriter out) {
    if (held > 0) {
      out.writeLong(held / 2);
      for (int i = 0; i < held; i++) {
        out.writeBytes(strings[i]);
      }
    }
    out.writeLong(0);
  }
}
