package io.sluice.rpc.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/**
 * Reads Avro binary encoding from a fully received buffer. Every length and count is checked
 * against the bytes that are really there, so a lying length field fails fast instead of
 * allocating. Not thread-safe; does not own or release the buffer.
 */
public final class AvroReader {
  private final ByteBuf buf;

  public AvroReader(ByteBuf buf) {
    this.buf = buf;
  }

  /** Zig-zag varint long. */
  public long readLong() {
    long raw = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      need(1, "a varint");
      int b = buf.readByte() & 0xff;
      raw |= (long) (b & 0x7f) << shift;
      if ((b & 0x80) == 0) {
        return (raw >>> 1) ^ -(raw & 1);
      }
    }
    throw new PeerViolationException("sent a varint longer than 10 bytes");
  }

  public int readInt(String what) {
    long v = readLong();
    if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
      throw new PeerViolationException("sent " + what + " out of int range: " + v);
    }
    return (int) v;
  }

  public boolean readBoolean() {
    need(1, "a boolean");
    byte b = buf.readByte();
    if (b != 0 && b != 1) {
      throw new PeerViolationException("sent an invalid boolean byte " + b);
    }
    return b == 1;
  }

  /** An index in {@code [0, size)}: enum symbols or union branches. */
  public int readIndex(String what, int size) {
    int i = readInt(what);
    if (i < 0 || i >= size) {
      throw new PeerViolationException("sent " + what + " index " + i + " (valid: 0.." + (size - 1) + ")");
    }
    return i;
  }

  public String readString(String what, int maxBytes) {
    int n = readLength(what, maxBytes);
    String s = buf.toString(buf.readerIndex(), n, StandardCharsets.UTF_8);
    buf.skipBytes(n);
    return s;
  }

  /** As {@link #readString(String, int)}, but bytes equal to one of {@code known} give that string. */
  public String readString(String what, int maxBytes, KnownStrings known) {
    int n = readLength(what, maxBytes);
    String s = known.find(buf, buf.readerIndex(), n);
    if (s == null) {
      s = buf.toString(buf.readerIndex(), n, StandardCharsets.UTF_8);
    }
    buf.skipBytes(n);
    return s;
  }

  /**
   * As {@link #readString(String, int)}, but the value at {@code place} of header {@code name} comes
   * from {@code recent} when its bytes equal the last one it gave there.
   */
  public String readString(String what, int maxBytes, RecentHeaderValues recent, int place, String name) {
    int n = readLength(what, maxBytes);
    String s = recent.value(place, name, buf, buf.readerIndex(), n);
    buf.skipBytes(n);
    return s;
  }

  public byte[] readBytes(String what, int maxBytes) {
    byte[] out = new byte[readLength(what, maxBytes)];
    buf.readBytes(out);
    return out;
  }

  public byte[] readFixed(String what, int size) {
    need(size, what);
    byte[] out = new byte[size];
    buf.readBytes(out);
    return out;
  }

  /**
   * Count of the next array/map block (0 ends the array/map). A negative count is followed by the
   * block's byte size, which is skipped. Each item takes at least {@code minItemBytes}, which bounds
   * a believable count by the bytes left.
   */
  public long readBlockCount(String what, int minItemBytes) {
    long count = readLong();
    if (count == Long.MIN_VALUE) { // would stay negative when negated
      throw new PeerViolationException("sent a block count of " + count + " for " + what);
    }
    if (count < 0) {
      count = -count;
      readLong();
    }
    if (count > (long) buf.readableBytes() / minItemBytes) {
      throw new PeerViolationException(
          "claimed " + count + " " + what + " in a block but sent only " + buf.readableBytes() + " bytes");
    }
    return count;
  }

  public int remaining() {
    return buf.readableBytes();
  }

  private int readLength(String what, int max) {
    long n = readLong();
    if (n < 0) {
      throw new PeerViolationException("sent a negative length " + n + " for " + what);
    }
    if (n > max) {
      throw new PeerViolationException("sent " + what + " of " + n + " bytes, limit " + max);
    }
    need((int) n, what);
    return (int) n;
  }

  private void need(int n, String what) {
    if (buf.readableBytes() < n) {
      throw new PeerViolationException(
          "truncated " + what + ": needs " + n + " bytes, " + buf.readableBytes() + " left in the frame");
    }
  }
}
