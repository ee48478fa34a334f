package io.sluice.rpc.wire;

import io.netty.buffer.ByteBuf;
import java.util.Arrays;

/** Comparing a buffer's bytes in place, without copying them out. */
final class BufferBytes {
  private BufferBytes() {}

  /** Whether the {@code length} bytes of {@code buf} at {@code index} are the first {@code length} of {@code bytes}. */
  static boolean equalAt(ByteBuf buf, int index, byte[] bytes, int length) {
    if (buf.hasArray()) {
      int from = buf.arrayOffset() + index;
      return Arrays.equals(buf.array(), from, from + length, bytes, 0, length);
    }
    for (int i = 0; i < length; i++) {
      if (buf.getByte(index + i) != bytes[i]) {
        return false;
      }
    }
    return true;
  }
}
