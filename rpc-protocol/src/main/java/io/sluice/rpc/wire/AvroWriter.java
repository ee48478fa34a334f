package io.sluice.rpc.wire;

import io.netty.buffer.ByteBuf;
import java.nio.charset.StandardCharsets;

/** Writes Avro binary encoding into a buffer. Not thread-safe; does not own the buffer. */
public final class AvroWriter {
  private final ByteBuf buf;

  public AvroWriter(ByteBuf buf) {
    this.buf = buf;
  }

  public AvroWriter writeLong(long value) {
    long n = (value << 1) ^ (value >> 63);
    while ((n & ~0x7FL) != 0) {
      buf.writeByte((int) ((n & 0x7f) | 0x80));
      n >>>= 7;
    }
    buf.writeByte((int) n);
    return this;
  }

  public AvroWriter writeBoolean(boolean value) {
    buf.writeByte(value ? 1 : 0);
    return this;
  }

  public AvroWriter writeString(String value) {
    return writeBytes(value.getBytes(StandardCharsets.UTF_8));
  }

  public AvroWriter writeBytes(byte[] value) {
    writeLong(value.length);
    buf.writeBytes(value);
    return this;
  }

  public AvroWriter writeFixed(byte[] value) {
    buf.writeBytes(value);
    return this;
  }

  /** The bytes {@link #writeLong} writes for {@code value}. */
  public static int sizeOfLong(long value) {
    long n = (value << 1) ^ (value >> 63);
    int size = 1;
    while ((n & ~0x7FL) != 0) {
      n >>>= 7;
      size++;
    }
    return size;
  }

  /** The bytes {@link #writeBytes} writes for {@code length} bytes: the length, then the bytes. */
  public static int sizeOfBytes(int length) {
    return sizeOfLong(length) + length;
  }

  public ByteBuf buffer() {
    return buf;
  }
}
