package io.sluice.core.channel.file;

import java.util.Arrays;

/**
 * An open-addressing set of non-negative longs (linear probing, backward-shift removal), so
 * tracking pointers costs no objects. Not thread-safe.
 */
final class LongHashSet {
  private static final long EMPTY = -1;
  private long[] slots = newSlots(16);
  private int size;

  int size() {
    return size;
  }

  boolean add(long value) {
    if ((size + 1) * 2 > slots.length) {
      rehash(slots.length * 2);
    }
    int mask = slots.length - 1;
    for (int i = index(value, mask); ; i = (i + 1) & mask) {
      if (slots[i] == EMPTY) {
        slots[i] = value;
        size++;
        return true;
      }
      if (slots[i] == value) {
        return false;
      }
    }
  }

  boolean contains(long value) {
    int mask = slots.length - 1;
    for (int i = index(value, mask); ; i = (i + 1) & mask) {
      if (slots[i] == EMPTY) {
        return false;
      }
      if (slots[i] == value) {
        return true;
      }
    }
  }

  boolean remove(long value) {
    int mask = slots.length - 1;
    int i = index(value, mask);
    while (slots[i] != value) {
      if (slots[i] == EMPTY) {
        return false;
      }
      i = (i + 1) & mask;
    }
    // Shift later entries of the probe run back so lookups never stop at a false hole.
    int hole = i;
    for (int j = (hole + 1) & mask; slots[j] != EMPTY; j = (j + 1) & mask) {
      int home = index(slots[j], mask);
      boolean movable = hole <= j ? (home <= hole || home > j) : (home <= hole && home > j);
      if (movable) {
        slots[hole] = slots[j];
        hole = j;
      }
    }
    slots[hole] = EMPTY;
    size--;
    return true;
  }

  /** The values, in no particular order. */
  long[] toArray() {
    long[] out = new long[size];
    int n = 0;
    for (long v : slots) {
      if (v != EMPTY) {
        out[n++] = v;
      }
    }
    return out;
  }

  private void rehash(int capacity) {
    long[] old = slots;
    slots = newSlots(capacity);
    size = 0;
    for (long v : old) {
      if (v != EMPTY) {
        add(v);
      }
    }
  }

  private static int index(long value, int mask) {
    long h = value * 0x9E37_79B9_7F4A_7C15L;
    return (int) (h ^ (h >>> 32)) & mask;
  }

  private static long[] newSlots(int n) {
    long[] s = new long[n];
    Arrays.fill(s, EMPTY);
    return s;
  }
}
