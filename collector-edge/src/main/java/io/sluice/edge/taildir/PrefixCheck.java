package io.sluice.edge.taildir;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.TreeSet;

/**
 * Whether a file holds the first bytes of another, byte for byte, over sampled blocks: its first
 * and last blocks, the block before a given position (the original's saved one) and a few spread
 * between. A copy made by {@code cp} passes; a new file that only starts like a followed one (a
 * fixed banner, a replayed log) almost never does. Bounded: at most {@link #MAX_BLOCKS} reads of
 * {@link #BLOCK_BYTES} per file, whatever their length.
 */
final class PrefixCheck {
  static final int BLOCK_BYTES = 4096;
  static final int MAX_BLOCKS = 12;
  private static final int SPREAD = 8;

  private PrefixCheck() {}

  /**
   * True when {@code copy}'s first {@code length} bytes equal {@code original}'s at every sampled
   * block; false when either is shorter or cannot be read.
   */
  static boolean holdsPrefix(Path copy, Path original, long length, long savedPos) {
    if (length <= 0) {
      return false;
    }
    try (FileChannel c = FileChannel.open(copy, StandardOpenOption.READ);
        FileChannel o = FileChannel.open(original, StandardOpenOption.READ)) {
      if (c.size() < length || o.size() < length) {
        return false;
      }
      TreeSet<Long> starts = new TreeSet<>();
      starts.add(0L);
      starts.add(Math.max(0, length - BLOCK_BYTES));
      if (savedPos > 0 && savedPos <= length) {
        starts.add(Math.max(0, savedPos - BLOCK_BYTES));
      }
      for (int i = 1; i <= SPREAD; i++) {
        starts.add(Math.max(0, Math.min(length - BLOCK_BYTES, length * i / (SPREAD + 1))));
      }
      ByteBuffer a = ByteBuffer.allocate(BLOCK_BYTES);
      ByteBuffer b = ByteBuffer.allocate(BLOCK_BYTES);
      for (long at : starts) {
        int n = (int) Math.min(BLOCK_BYTES, length - at);
        if (!readFully(c, a, at, n) || !readFully(o, b, at, n)
            || !Arrays.equals(a.array(), 0, n, b.array(), 0, n)) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  private static boolean readFully(FileChannel ch, ByteBuffer buf, long at, int n) throws IOException {
    buf.clear().limit(n);
    long pos = at;
    while (buf.hasRemaining()) {
      int r = ch.read(buf, pos);
      if (r < 0) {
        return false;
      }
      pos += r;
    }
    return true;
  }
}
