package io.sluice.core.channel.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The log segments of one data directory and the single append position in it. Appends are
 * serialized by this object's monitor and only copy bytes to the page cache; durability comes from
 * {@link #force()}, which the directory's {@link GroupCommitter} calls once for many appends.
 * Segments roll at {@code maxFileSize} (the full one is forced first, so only the newest segment
 * can ever have an unsynced tail). Space is preallocated with zeros ahead of the append position by
 * the syncer, because overwriting allocated blocks syncs about twice as fast as appending to a
 * growing file (no size change to journal).
 *
 * <p>Thread-safe.
 */
final class DataDirLog implements AutoCloseable {
  static final int PREALLOCATE_CHUNK = 4 << 20;
  private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 20);

  private final int index;
  private final Path dir;
  private final long maxFileSize;
  private final ConcurrentSkipListMap<Integer, LogSegment> segments =
      new ConcurrentSkipListMap<>();

  // Guarded by this.
  private LogSegment current;
  private long position;
  private long preallocatedTo;
  // Bytes appended since open, across segments: the ticket a commit waits on to be synced.
  private final AtomicLong written = new AtomicLong();

  DataDirLog(int index, Path dir, long maxFileSize) {
    this.index = index;
    this.dir = dir;
    this.maxFileSize = maxFileSize;
  }

  int index() {
    return index;
  }

  Path dir() {
    return dir;
  }

  /** Adds an existing segment found at startup (read-only use: takes and replay). */
  void adopt(LogSegment segment) {
    segments.put(segment.id(), segment);
  }

  Map<Integer, LogSegment> segments() {
    return segments;
  }

  /** Starts appending to a new segment after the highest existing id. */
  synchronized void startNewSegment() throws IOException {
    int next = segments.isEmpty() ? 1 : segments.lastKey() + 1;
    if (next > Pointer.MAX_SEGMENT_ID) {
      throw new IOException("segment ids exhausted in " + dir);
    }
    if (current != null) {
      current.force();
    }
    current = LogSegment.create(dir, next);
    segments.put(next, current);
    position = LogSegment.HEADER_SIZE;
    preallocatedTo = position;
  }

  /** Where the next append goes: segment id and offset (for checkpoints). */
  synchronized long[] appendPosition() {
    return new long[] {current.id(), position};
  }

  /**
   * Writes a transaction's records and its COMMIT record contiguously. Takes the next sequence
   * number under this log's monitor so each directory's log is in sequence order.
   *
   * @return the pointer of the first byte written and, in {@code ticket[0]}, the value to pass to
   *     {@link GroupCommitter#awaitSynced}
   */
  synchronized long append(ByteBuffer records, int puts, int takes, AtomicLong sequence,
      long[] ticket) throws IOException {
    long size = records.remaining() + (long) LogRecord.COMMIT_SIZE;
    if (position + size > maxFileSize && position > LogSegment.HEADER_SIZE) {
      startNewSegment();
    }
    ByteBuffer commit = LogRecord.commit(sequence.incrementAndGet(), puts, takes);
    long start = position;
    try {
      current.write(new ByteBuffer[] {records, commit}, start);
    } catch (IOException e) {
      undo(start, size, e);
      throw e;
    }
    position += size;
    ticket[0] = written.addAndGet(size);
    return Pointer.of(index, current.id(), start);
  }

  /** Bytes appended so far; everything up to this value is durable after a {@link #force()}. */
  long written() {
    return written.get();
  }

  /**
   * Forces the current segment. Earlier segments were forced when they were rolled, so after this
   * every byte counted by an earlier {@link #written()} is durable.
   */
  void force() throws IOException {
    LogSegment segment;
    synchronized (this) {
      segment = current;
    }
    segment.force();
  }

  /**
   * Zero-fills the next chunk beyond the append position when less than a chunk remains; returns
   * true if it wrote anything (the caller's next force makes it durable).
   */
  synchronized boolean preallocate() throws IOException {
    long from = Math.max(position, preallocatedTo);
    if (from - position >= PREALLOCATE_CHUNK / 2 || from + PREALLOCATE_CHUNK > maxFileSize) {
      return false;
    }
    long end = from + PREALLOCATE_CHUNK;
    for (long at = from; at < end; at += ZEROS.capacity()) {
      ByteBuffer z = ZEROS.duplicate().limit((int) Math.min(ZEROS.capacity(), end - at));
      current.write(new ByteBuffer[] {z}, at);
    }
    preallocatedTo = end;
    return true;
  }

  /** Reads the PUT record at {@code pointer}: its payload after the type byte, checksum verified. */
  ByteBuffer readPut(long pointer) throws IOException {
    LogSegment segment = segments.get(Pointer.segment(pointer));
    if (segment == null) {
      throw new IOException("segment " + LogSegment.fileName(Pointer.segment(pointer))
          + " is missing from " + dir + " (event at " + Pointer.describe(pointer) + ")");
    }
    ByteBuffer record = segment.readRecord(Pointer.offset(pointer));
    if (record.get() != LogRecord.PUT) {
      throw segment.corrupt(Pointer.offset(pointer), "expected an event (PUT) record");
    }
    return record;
  }

  /** Deletes a segment that holds nothing live and lies before the last checkpoint. */
  void delete(int segmentId) throws IOException {
    LogSegment segment;
    synchronized (this) {
      if (current != null && current.id() == segmentId) {
        return;
      }
      segment = segments.remove(segmentId);
    }
    if (segment != null) {
      segment.delete();
    }
  }

  @Override
  public synchronized void close() throws IOException {
    IOException first = null;
    for (LogSegment s : segments.values()) {
      try {
        s.close();
      } catch (IOException e) {
        first = first == null ? e : first;
      }
    }
    if (first != null) {
      throw first;
    }
  }

  private void undo(long start, long size, IOException cause) {
    // Cut the failed write off so replay sees a clean end there, not a half-written record.
    try {
      current.truncate(start);
      preallocatedTo = Math.min(preallocatedTo, start);
    } catch (IOException e) {
      cause.addSuppressed(e);
      try {
        long end = Math.min(start + size, current.size());
        for (long at = start; at < end; at += ZEROS.capacity()) {
          ByteBuffer z = ZEROS.duplicate().limit((int) Math.min(ZEROS.capacity(), end - at));
          current.write(new ByteBuffer[] {z}, at);
        }
      } catch (IOException again) {
        cause.addSuppressed(again);
      }
    }
  }
}
