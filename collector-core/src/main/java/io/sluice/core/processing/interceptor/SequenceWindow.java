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
  private long duplicates;
  private long late;

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
      late++;
      return Seen.LATE;
    } else if (isSet(n)) {
      duplicates++;
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

  /** The lowest number the window still covers (0 before anything was seen). */
  long from() {
    return Math.max(0, highest - size + 1);
  }

  /** Duplicates of this stream seen within the window, since it was first seen. */
  long duplicates() {
    return duplicates;
  }

  /** Arrivals of this stream older than the window, since it was first seen. */
  long late() {
    return late;
  }

  /**
   * The seen numbers from {@link #from()} to the highest as runs, {@code [first, last, first,
   * last, ...]}, or null when there are more than {@code maxRuns}.
   */
  long[] runs(int maxRuns) {
    Runs runs = new Runs(maxRuns);
    long n = from();
    while (n <= highest && !runs.full()) {
      // A whole word of one value is taken at once: a contiguous stream costs size / 64 steps.
      long word = n % 64 == 0 && n + 63 <= highest ? bits[(int) (n % size) >>> 6] : 1;
      if (word == 0 || word == -1L) {
        runs.mark(n, word == -1L);
        n += 64;
      } else {
        runs.mark(n, isSet(n));
        n++;
      }
    }
    return runs.end(n - 1);
  }

  /** Collects runs of seen numbers as the window is walked upwards. */
  private static final class Runs {
    private final int max;
    private long[] out = new long[16];
    private int count;
    private long start = -1;
    private boolean overflow;

    Runs(int max) {
      this.max = max;
    }

    void mark(long n, boolean seen) {
      if (seen && start < 0) {
        start = n;
      } else if (!seen && start >= 0) {
        add(start, n - 1);
        start = -1;
      }
    }

    boolean full() {
      return overflow;
    }

    long[] end(long last) {
      if (start >= 0) {
        add(start, last);
      }
      return overflow ? null : java.util.Arrays.copyOf(out, count);
    }

    private void add(long first, long last) {
      if (count / 2 >= max) {
        overflow = true;
        return;
      }
      if (count == out.length) {
        out = java.util.Arrays.copyOf(out, count * 2);
      }
      out[count++] = first;
      out[count++] = last;
    }
  }

  /**
   * Sets this (new) window to a saved state: {@code highest}, the seen {@code runs} (those below
   * the window are ignored, as when the window size changed) and the per-stream counts.
   */
  void restore(long highest, long[] runs, long duplicates, long late) {
    this.highest = highest;
    this.duplicates = duplicates;
    this.late = late;
    long from = from();
    for (int i = 0; i + 1 < runs.length; i += 2) {
      for (long m = Math.max(from, runs[i]); m <= Math.min(highest, runs[i + 1]); m++) {
        set(m);
      }
    }
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
