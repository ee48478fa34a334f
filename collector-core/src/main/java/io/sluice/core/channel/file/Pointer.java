package io.sluice.core.channel.file;

/**
 * Where a logged event lives, packed in one {@code long} so the queue holds no objects: data
 * directory index (8 bits), segment id (24 bits) and byte offset in the segment (32 bits, unsigned).
 * Never negative, so {@code -1} can mean "none".
 */
final class Pointer {
  static final long NONE = -1;
  static final int MAX_DIRS = 127;
  static final int MAX_SEGMENT_ID = (1 << 24) - 1;

  private Pointer() {}

  static long of(int dir, int segment, long offset) {
    return ((long) dir << 56) | ((long) segment << 32) | (offset & 0xFFFF_FFFFL);
  }

  static int dir(long pointer) {
    return (int) (pointer >>> 56);
  }

  static int segment(long pointer) {
    return (int) (pointer >>> 32) & MAX_SEGMENT_ID;
  }

  static long offset(long pointer) {
    return pointer & 0xFFFF_FFFFL;
  }

  /** The (dir, segment) half of a pointer, a key for per-segment bookkeeping. */
  static int segmentKey(long pointer) {
    return (int) (pointer >>> 32);
  }

  static int segmentKey(int dir, int segment) {
    return (dir << 24) | segment;
  }

  static String describe(long pointer) {
    return "dir " + dir(pointer) + " segment " + segment(pointer) + " offset " + offset(pointer);
  }
}
