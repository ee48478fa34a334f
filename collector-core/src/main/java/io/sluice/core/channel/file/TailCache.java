package io.sluice.core.channel.file;

import io.sluice.api.Event;
import java.nio.ByteBuffer;
import java.util.concurrent.locks.StampedLock;

/**
 * The newest bytes of one data directory's current segment, kept in memory so that takers that
 * keep up never read back what was just written: a ring holding the contiguous range
 * {@code [start, end)} of segment {@code segment}, exactly the bytes written to the file there.
 * Filled by the appender after each successful write (under the log's monitor), so it never holds
 * anything the file does not. The ring grows on demand (doubling) up to {@code maxBytes}, so an idle
 * or slow channel costs little heap; then the oldest bytes are dropped as new ones come.
 *
 * <p>Takers decode an event straight out of the ring ({@link #readEvent}), or copy a record out,
 * under an optimistic read of a {@link StampedLock} (falling back to
 * the read lock when an append overlapped), so takes never wait for the appender's system calls,
 * only for its copy into the ring. Thread-safe.
 */
final class TailCache {
  private static final int INITIAL = 256 << 10;

  private final int maxBytes;
  private final StampedLock lock = new StampedLock();
  // Guarded by lock (read optimistically).
  private byte[] ring = new byte[0];
  private int segment = -1;
  private long start;
  private long end;

  TailCache(long maxBytes) {
    this.maxBytes = (int) Math.min(Math.max(0, maxBytes), Integer.MAX_VALUE - 8);
  }

  boolean enabled() {
    return maxBytes > 0;
  }

  /** Bytes currently held (for tests and metrics). */
  long held() {
    long stamp = lock.readLock();
    try {
      return end - start;
    } finally {
      lock.unlockRead(stamp);
    }
  }

  /**
   * Records that {@code bytes} (its remaining bytes, not consumed) were written at {@code offset}
   * of segment {@code seg}. A write not adjacent to the cached range restarts the range.
   */
  void written(int seg, long offset, ByteBuffer bytes) {
    if (maxBytes == 0) {
      return;
    }
    int size = bytes.remaining();
    long stamp = lock.writeLock();
    try {
      if (seg != segment || offset != end || size > maxBytes) {
        segment = seg;
        start = offset;
        end = offset;
        if (size > maxBytes) {
          start = end = offset + size;
          return;
        }
      }
      long held = end - start;
      if (held + size > ring.length && ring.length < maxBytes) {
        grow((int) Math.min(maxBytes, Math.max(held + size, Math.max(INITIAL, ring.length * 2L))));
      }
      if (held + size > ring.length) {
        start = end + size - ring.length; // drop the oldest
      }
      int at = index(end);
      int first = Math.min(size, ring.length - at);
      ByteBuffer src = bytes.duplicate();
      src.get(ring, at, first);
      if (first < size) {
        src.get(ring, 0, size - first);
      }
      end += size;
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  /** Forgets everything (a failed write was cut off, or the log closes). */
  void clear() {
    long stamp = lock.writeLock();
    try {
      segment = -1;
      start = end = 0;
    } finally {
      lock.unlockWrite(stamp);
    }
  }

  /**
   * Copies the record at {@code offset} of segment {@code seg} (header, type and payload) into
   * {@code into}'s array, growing it as needed; returns its total length, or -1 if the cache does
   * not hold the whole record.
   */
  int copy(int seg, long offset, ReadBuffer into) {
    long stamp = lock.tryOptimisticRead();
    if (stamp != 0) {
      int n = tryCopy(seg, offset, into);
      if (lock.validate(stamp)) {
        return n;
      }
    }
    stamp = lock.readLock();
    try {
      return tryCopy(seg, offset, into);
    } finally {
      lock.unlockRead(stamp);
    }
  }

  /**
   * Decodes the event of the PUT record at {@code offset} of segment {@code seg} straight out of
   * the ring (the body copied once, into the event; the record itself not at all), or returns null
   * when the cache does not hold the whole record, holds another type of record there, or the
   * record wraps around the ring's end: then {@link #copy} serves it. {@code scratch} as for
   * {@link EventCodec#read}. Throws IllegalArgumentException if the record is malformed.
   */
  Event readEvent(int seg, long offset, byte[][] scratch) {
    long stamp = lock.tryOptimisticRead();
    if (stamp != 0) {
      Event event;
      boolean failed = false;
      try {
        event = tryRead(seg, offset, scratch);
      } catch (RuntimeException torn) {
        // Bytes overwritten while decoding, or a malformed record: the read lock below tells.
        event = null;
        failed = true;
      }
      if (!failed && lock.validate(stamp)) {
        return event;
      }
    }
    stamp = lock.readLock();
    try {
      return tryRead(seg, offset, scratch);
    } finally {
      lock.unlockRead(stamp);
    }
  }

  // Safe against torn state under an optimistic read as tryCopy is; the decoder bounds every
  // length by the record's, so garbage costs at most a record-sized allocation or an exception.
  private Event tryRead(int seg, long offset, byte[][] scratch) {
    byte[] r = ring;
    long s = start;
    long e = end;
    if (seg != segment || offset < s || offset + LogRecord.HEADER > e || e - s > r.length) {
      return null;
    }
    int length = readInt(r, offset);
    if (length <= 0 || offset + LogRecord.HEADER + (long) length > e) {
      return null;
    }
    int at = (int) (offset % r.length);
    if (at + LogRecord.HEADER + (long) length > r.length || r[at + LogRecord.HEADER] != LogRecord.PUT) {
      return null;
    }
    return EventCodec.read(ByteBuffer.wrap(r, at + LogRecord.HEADER + 1, length - 1), scratch);
  }

  // Safe against torn state under an optimistic read: every index is bounded before use, and the
  // caller discards the result unless the stamp validates.
  private int tryCopy(int seg, long offset, ReadBuffer into) {
    byte[] r = ring;
    long s = start;
    long e = end;
    if (seg != segment || offset < s || offset + LogRecord.HEADER > e || e - s > r.length) {
      return -1;
    }
    int length = readInt(r, offset);
    long total = LogRecord.HEADER + (long) length;
    if (length <= 0 || offset + total > e) {
      return -1;
    }
    byte[] dst = into.recordArray((int) total);
    int at = (int) (offset % r.length);
    int first = (int) Math.min(total, r.length - at);
    System.arraycopy(r, at, dst, 0, first);
    if (first < total) {
      System.arraycopy(r, 0, dst, first, (int) total - first);
    }
    return (int) total;
  }

  private int readInt(byte[] r, long offset) {
    int v = 0;
    for (int i = 0; i < 4; i++) {
      v = (v << 8) | (r[(int) ((offset + i) % r.length)] & 0xFF);
    }
    return v;
  }

  private int index(long offset) {
    return (int) (offset % ring.length);
  }

  private void grow(int capacity) {
    byte[] bigger = new byte[capacity];
    long held = end - start;
    for (long i = 0; i < held; ) {
      // Copy the held range in at most two pieces, keeping offset % capacity placement.
      int from = (int) ((start + i) % ring.length);
      int to = (int) ((start + i) % capacity);
      int n = (int) Math.min(held - i, Math.min(ring.length - from, capacity - to));
      System.arraycopy(ring, from, bigger, to, n);
      i += n;
    }
    ring = bigger;
  }
}
