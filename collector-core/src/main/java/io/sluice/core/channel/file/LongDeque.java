package io.sluice.core.channel.file;

import java.util.Arrays;

/**
 * A growable ring of primitive longs: the channel's queue of event pointers costs 8 bytes an
 * event, whatever the bodies weigh. Not thread-safe.
 */
final class LongDeque {
  private long[] ring;
  private int head;
  private int size;

  LongDeque(int initialCapacity) {
    ring = new long[Math.max(16, initialCapacity)];
  }

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  void addLast(long value) {
    grow();
    ring[(head + size) % ring.length] = value;
    size++;
  }

  void addFirst(long value) {
    grow();
    head = (head - 1 + ring.length) % ring.length;
    ring[head] = value;
    size++;
  }

  long pollFirst() {
    if (size == 0) {
      throw new IllegalStateException("empty");
    }
    long v = ring[head];
    head = (head + 1) % ring.length;
    size--;
    return v;
  }

  long get(int i) {
    return ring[(head + i) % ring.length];
  }

  /** Copies the contents, head first, into {@code out} from index {@code at}. */
  void copyTo(long[] out, int at) {
    int first = Math.min(size, ring.length - head);
    System.arraycopy(ring, head, out, at, first);
    System.arraycopy(ring, 0, out, at + first, size - first);
  }

  private void grow() {
    if (size < ring.length) {
      return;
    }
    long[] bigger = new long[ring.length * 2];
    copyTo(bigger, 0);
    ring = bigger;
    head = 0;
  }

  @Override
  public String toString() {
    long[] out = new long[size];
    copyTo(out, 0);
    return Arrays.toString(out);
  }
}
