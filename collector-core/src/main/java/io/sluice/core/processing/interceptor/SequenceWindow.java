package io.sluice.core.processing.interceptor;

/**
 * Which numbers of one stream ({@code <origin>:<epoch>}) were seen, for the last {@code size}
 * numbers below the highest seen: one bit each, so memory is fixed whatever the traffic. A number
 * that leaves the window unseen is a gap; a number older than the window is late (whether it is a
 * duplicate or a gap filled late can no longer be told). Not thread-safe: its owner locks.
 */
final class SequenceWindow {
  /** What one arrival was. */
  enum Seen { FIRST, DUPLICATE, LATE }

  private final long[] bits;
  private final int size;
  private long highest = -1;
  private long gaps;

  /** @param size numbers remembered below the highest; a positive multiple of 64 */
  SequenceWindow(int size) {
    if (size <= 0 || size % 64 != 0) {
      throw new IllegalArgumentException("window must be a positive multiple of 64: " + size);
    }
    this.size = size;
    this.bits = new long[size / 64];
  }

  Seen observe(long n) {
    if (n > highest) {
      advanceTo(n);
    } else if (n <= highest - size) {
      return Seen.LATE;
    } else if (isSet(n)) {
      return Seen.DUPLICATE;
    }
    set(n);
    return Seen.FIRST;
  }

  /** The numbers found missing since the last call (they left the window unseen). */
  long takeGaps() {
    long g = gaps;
    gaps = 0;
    return g;
  }

  /** The numbers still in the window and unseen, all of them gaps once the stream is dropped. */
  long unseenInWindow() {
    long from = Math.max(0, highest - size + 1);
    return highest + 1 - from - bitCount();
  }

  long highest() {
    return highest;
  }

  /** Moves the window up to end at {@code n}, counting the unseen numbers that leave it. */
  private void advanceTo(long n) {
    long dropFrom = Math.max(0, highest - size + 1);
    long dropTo = n - size; // numbers up to here leave the window
    if (n - highest >= size) {
      // Everything in the window leaves, and nothing between it and the new window was seen.
      gaps += unseenInWindow() + Math.max(0, dropTo - highest);
      java.util.Arrays.fill(bits, 0L);
    } else {
      // Each leaving number's slot is the slot of a new number (slot = number mod size).
      for (long m = dropFrom; m <= dropTo; m++) {
        if (!isSet(m)) {
          gaps++;
        }
        clear(m);
      }
    }
    highest = n;
  }

  private int bitCount() {
    int c = 0;
    for (long word : bits) {
      c += Long.bitCount(word);
    }
    return c;
  }

  private boolean isSet(long n) {
    int slot = (int) (n % size);
    return (bits[slot >>> 6] & (1L << slot)) != 0;
  }

  private void set(long n) {
    int slot = (int) (n % size);
    bits[slot >>> 6] |= 1L << slot;
  }

  private void clear(long n) {
    int slot = (int) (n % size);
    bits[slot >>> 6] &= ~(1L << slot);
  }
}
