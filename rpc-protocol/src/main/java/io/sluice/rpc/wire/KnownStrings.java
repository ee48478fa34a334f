package io.sluice.rpc.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A few strings that most decoded records repeat (header names such as {@code timestamp}), each
 * held once: {@link AvroReader#readString(String, int, KnownStrings)} returns the held string for
 * bytes equal to its UTF-8 form instead of decoding a new one, so a decoded event holds no copy of
 * its own. Immutable; a linear search by length, meant for a handful of short strings.
 */
public final class KnownStrings {
  private final String[] strings;
  private final byte[][] utf8;

  private KnownStrings(String[] strings) {
    this.strings = strings;
    this.utf8 = Arrays.stream(strings).map(s -> s.getBytes(StandardCharsets.UTF_8)).toArray(byte[][]::new);
  }

  public static KnownStrings of(String... strings) {
    return new KnownStrings(strings.clone());
  }

  /** The held string whose UTF-8 form is the {@code length} bytes of {@code buf} at {@code index}, or null. */
  String find(ByteBuf buf, int index, int length) {
    for (int i = 0; i < utf8.length; i++) {
      if (utf8[i].length == length && BufferBytes.equalAt(buf, index, utf8[i], length)) {
        return strings[i];
      }
    }
    return null;
  }

  /**
   * {@code s} in UTF-8: the held bytes when {@code s} is one of the held strings itself (string
   * literals and the strings {@link #find} gave are), else newly encoded. The held bytes are shared:
   * read them, never change them.
   */
  byte[] utf8(String s) {
    for (int i = 0; i < strings.length; i++) {
      if (strings[i] == s) {
        return utf8[i];
      }
    }
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
