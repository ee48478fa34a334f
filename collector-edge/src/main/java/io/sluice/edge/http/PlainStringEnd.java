package io.sluice.edge.http;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;

/**
 * Finds where a double-quoted JSON string in UTF-8 bytes ends when its text is its bytes: ASCII
 * with no escape, so that the bytes between the quotes are exactly the UTF-8 of the text
 * Jackson would decode. It only looks for the closing quote, a backslash or a non-ASCII byte; it
 * neither decodes nor validates (Jackson still reads the string and rejects what is malformed).
 * Stateless.
 */
final class PlainStringEnd {
  private static final VarHandle LONGS =
      MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long ONES = 0x0101010101010101L;
  private static final long HIGH = 0x8080808080808080L;
  private static final long QUOTES = '"' * ONES;
  private static final long BACKSLASHES = '\\' * ONES;

  private PlainStringEnd() {}

  /**
   * The index of the closing quote of the string whose text starts at {@code from} (just after
   * its opening {@code "}), or -1 if a backslash or a non-ASCII byte comes first, or no quote
   * does (the text then needs Jackson's decoding). Eight bytes at a time: a body is mostly one
   * long run of plain characters.
   */
  static int of(byte[] b, int from) {
    int i = from;
    for (int last = b.length - Long.BYTES; i <= last; i += Long.BYTES) {
      long v = (long) LONGS.get(b, i);
      long q = v ^ QUOTES;
      long s = v ^ BACKSLASHES;
      // A byte's high bit: it is a quote or a backslash (zero after the XOR) or not ASCII. A borrow
      // can flag a byte above a zero byte too, never below one, so the lowest flag is exact.
      long hits = ((q - ONES) & ~q | (s - ONES) & ~s | v) & HIGH;
      if (hits != 0) {
        return at(b, i + (Long.numberOfTrailingZeros(hits) >>> 3));
      }
    }
    for (; i < b.length; i++) {
      if (b[i] == '"' || b[i] == '\\' || b[i] < 0) {
        return at(b, i);
      }
    }
    return -1;
  }

  private static int at(byte[] b, int i) {
    return b[i] == '"' ? i : -1;
  }
}
