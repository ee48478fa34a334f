package io.sluice.core.channel.file;

import io.sluice.api.Event;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The log segments of one data directory and the single append position in it. Appends are
 * serialized by this object's monitor and only copy bytes to the page cache; durability comes from
 * {@link #force()}, which the directory's {@link GroupCommitter} calls once for many appends (on a
 * committing thread, or on its syncer thread).
 * Segments roll at {@code maxFileSize} (the full one is forced first, so only the newest segment
 * can ever have an unsynced tail). Space is preallocated with zeros ahead of the append position by
 * the syncer, because overwriting allocated blocks syncs about twice as fast as appending to a
 * growing file (no size change to journal). Segments a checkpoint frees are kept, up to
 * {@link #RETIRED_SEGMENTS}, and reused as the next segments ({@link LogSegment#recycle}): their
 * blocks are already allocated and written, so they need no zeros at all.
 *
 * <p>Thread-safe.
 */
final class DataDirLog implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(DataDirLog.class);
  static final int PREALLOCATE_CHUNK = 4 << 20;
  /** Retired segment files kept for reuse per directory (disk held: this many maxFileSize). */
  static final int RETIRED_SEGMENTS = 2;
  private static final long PREALLOCATE_RETRY_SECONDS = 5;
  private static final ByteBuffer ZEROS = ByteBuffer.allocateDirect(1 << 20);

  private final int index;
  private final Path dir;
  private final long maxFileSize;
  private final SegmentSync sync;
  // Draws each new segment's checksum salt (see LogRecord): unpredictable to senders.
  private final java.security.SecureRandom salts = new java.security.SecureRandom();
  // A failed force: the kernel may have dropped those pages and reports it once, so a later force
  // of the same file could "succeed" over lost data. Every append and force after it fails.
  private volatile IOException syncFailure;
  // Preallocation that ran out of space is retried after this (nanoTime); 0 = not blocked.
  private long preallocateRetryAt;
  private final ConcurrentSkipListMap<Integer, LogSegment> segments =
      new ConcurrentSkipListMap<>();
  // Guarded by this: retired segment files, reused before a new file is made.
  private final ArrayDeque<Path> retired = new ArrayDeque<>();

  // Guarded by this: segments started since open, made as new files and from retired ones.
  private long newSegments;
  private long reusedSegments;
  // Guarded by this.
  private LogSegment current;
  private long position;
  private long preallocatedTo;
  // Bytes appended since open, across segments: the ticket a commit waits on to be synced.
  private final AtomicLong written = new AtomicLong();
  // The append position as a pointer (current segment and offset), published after each write:
  // every byte before it in that segment, and every byte of earlier segments, is written.
  private volatile long tail = Pointer.NONE;
  private final TailCache cache;
  // Where takes were served from: the tail cache, a window read earlier, a read of the file.
  private final java.util.concurrent.atomic.LongAdder cacheHits =
      new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder windowHits =
      new java.util.concurrent.atomic.LongAdder();
  private final java.util.concurrent.atomic.LongAdder fileReads =
      new java.util.concurrent.atomic.LongAdder();

  DataDirLog(int index, Path dir, long maxFileSize, long cacheBytes, SegmentSync sync) {
    this.index = index;
    this.sync = sync;
    this.dir = dir;
    this.maxFileSize = maxFileSize;
    this.cache = new TailCache(cacheBytes);
  }

  TailCache cache() {
    return cache;
  }

  /** Takes served from the tail cache, from an earlier window, and reads of the file, so far. */
  long[] readStats() {
    return new long[] {cacheHits.sum(), windowHits.sum(), fileReads.sum()};
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

  /**
   * Keeps a retired segment file found at startup for reuse; false (the caller deletes it) when
   * enough are kept.
   */
  synchronized boolean adoptRetired(Path file) {
    if (retired.size() >= RETIRED_SEGMENTS) {
      return false;
    }
    retired.add(file);
    return true;
  }

  /** Retired segment files kept for reuse. */
  synchronized int retiredCount() {
    return retired.size();
  }

  /**
   * Deletes the retired segment files (their disk space is wanted: free space is low); returns
   * how many.
   */
  int releaseRetired() {
    List<Path> files;
    synchronized (this) {
      files = new ArrayList<>(retired);
      retired.clear();
    }
    int n = 0;
    for (Path f : files) {
      try {
        Files.deleteIfExists(f);
        n++;
      } catch (IOException e) {
        LOG.warn("cannot delete the retired segment {}: {}", f, e.toString());
      }
    }
    return n;
  }

  /** Starts appending to a new segment after the highest existing id. */
  synchronized void startNewSegment() throws IOException {
    int next = segments.isEmpty() ? 1 : segments.lastKey() + 1;
    if (next > Pointer.MAX_SEGMENT_ID) {
      throw new IOException("segment ids exhausted in " + dir);
    }
    if (current != null) {
      // Only the newest segment may have an unsynced tail, so the full one is forced first.
      forceOrBreak(current);
      if (current.recycled()) {
        // Its old life's records follow its last one: record exactly where its records end, and
        // make that durable before a newer segment exists (replay stops there, see Replayer).
        current.recordSynced(position);
        forceOrBreak(current);
      }
    }
    LogSegment fresh = reuseRetired(next);
    if (fresh == null) {
      fresh = LogSegment.create(dir, next, newSalt());
      newSegments++;
    } else {
      reusedSegments++;
    }
    // One line per segment (2 GiB by default): shows whether the log keeps reusing its files.
    LOG.info("{}: segment {} started in {}; {} new and {} reused files since start", dir,
        LogSegment.fileName(next), fresh.recycled() ? "a reused file" : "a new file", newSegments,
        reusedSegments);
    current = fresh;
    segments.put(next, current);
    position = current.dataStart();
    // A recycled file's blocks are written already: no zeros needed up to its size.
    preallocatedTo = current.recycled() ? Math.max(position, current.size()) : position;
    tail = Pointer.of(index, next, position);
  }

  /** A retired file made segment {@code id}, or null when none is kept (or none could be). */
  private LogSegment reuseRetired(int id) {
    for (Path file = retired.poll(); file != null; file = retired.poll()) {
      try {
        return LogSegment.recycle(file, dir, id, newSalt());
      } catch (IOException e) {
        LOG.warn("{}: cannot reuse the retired segment {} ({}); deleted it", dir, file,
            e.toString());
      }
    }
    return null;
  }

  /** Segments started since open: {made as new files, made from retired files}. */
  synchronized long[] segmentStats() {
    return new long[] {newSegments, reusedSegments};
  }

  /**
   * True when a segment before the one being written holds no queued or in-flight event: a
   * checkpoint would free it now (see {@link WriteAheadLog#unused}).
   */
  boolean hasUnused(EventQueue queue) {
    int before;
    synchronized (this) {
      if (current == null) {
        return false;
      }
      before = current.id();
    }
    for (int id : segments.keySet()) {
      if (id >= before) {
        return false;
      }
      if (queue.liveIn(index, id) == 0) {
        return true;
      }
    }
    return false;
  }

  private int newSalt() {
    int salt;
    do {
      salt = salts.nextInt();
    } while (salt == 0);
    return salt;
  }

  /** Where the next append goes: segment id and offset (for checkpoints). */
  synchronized long[] appendPosition() {
    return new long[] {current.id(), position};
  }

  /**
   * Writes a transaction's records and its COMMIT record contiguously, as one buffer with one
   * system call. Takes the next sequence number under this log's monitor so each directory's log
   * is in sequence order. The written bytes also go to the tail cache, for takers that keep up.
   *
   * @return the pointer of the first byte written and, in {@code ticket[0]}, the value to pass to
   *     {@link GroupCommitter#awaitSynced}
   */
  synchronized long append(TxBuffer records, AtomicLong sequence, long[] ticket)
      throws IOException {
    requireSyncable();
    long size = records.records().remaining() + (long) LogRecord.COMMIT_SIZE;
    if (position + size > maxFileSize && position > current.dataStart()) {
      startNewSegment();
    }
    ByteBuffer run = records.withCommit(sequence.incrementAndGet(), current.salt());
    long start = position;
    try {
      current.write(new ByteBuffer[] {run.duplicate()}, start);
      cache.written(current.id(), start, run);
    } catch (IOException e) {
      undo(start, size, e);
      throw e;
    } finally {
      // The records stay the transaction's (salted for this segment; a retry elsewhere re-salts).
      records.removeCommit();
    }
    position += size;
    tail = Pointer.of(index, current.id(), position);
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
    long end;
    synchronized (this) {
      segment = current;
      end = position;
    }
    forceOrBreak(segment);
    // Tells replay after a power loss where acknowledged data ends (see LogSegment).
    segment.recordSynced(end);
  }

  private void forceOrBreak(LogSegment segment) throws IOException {
    requireSyncable();
    try {
      sync.force(segment);
    } catch (IOException | RuntimeException e) {
      IOException failure = new IOException("fsync of " + segment.path() + " failed: " + e, e);
      syncFailure = failure;
      throw failure;
    }
  }

  /** The failed sync that broke this log, or null. */
  IOException syncFailure() {
    return syncFailure;
  }

  private void requireSyncable() throws IOException {
    IOException failure = syncFailure;
    if (failure != null) {
      throw new IOException("the log in " + dir + " failed to sync earlier (" + failure.getMessage()
          + "); nothing more is written to it", failure);
    }
  }

  /** True when {@link #preallocate()} would write zeros now (less than half a chunk is left). */
  synchronized boolean preallocationDue() {
    long from = Math.max(position, preallocatedTo);
    return from - position < PREALLOCATE_CHUNK / 2 && from + PREALLOCATE_CHUNK <= maxFileSize
        && (preallocateRetryAt == 0 || System.nanoTime() - preallocateRetryAt >= 0);
  }

  /**
   * Zero-fills the next chunk beyond the append position when less than a chunk remains; returns
   * true if it wrote anything (the caller's next force makes it durable).
   */
  synchronized boolean preallocate() {
    long from = Math.max(position, preallocatedTo);
    if (from - position >= PREALLOCATE_CHUNK / 2 || from + PREALLOCATE_CHUNK > maxFileSize) {
      return false;
    }
    if (preallocateRetryAt != 0 && System.nanoTime() - preallocateRetryAt < 0) {
      return false;
    }
    long end = from + PREALLOCATE_CHUNK;
    try {
      for (long at = from; at < end; at += ZEROS.capacity()) {
        ByteBuffer z = ZEROS.duplicate().limit((int) Math.min(ZEROS.capacity(), end - at));
        current.write(new ByteBuffer[] {z}, at);
      }
    } catch (IOException e) {
      // Only an optimisation: a full disk must not stop the log. Appends write where the zeros
      // would have gone; the zeros already written are beyond the append position, as always.
      if (preallocateRetryAt == 0) {
        LOG.warn("{}: cannot preallocate space in {} ({}); appending without it, retrying every {} s",
            current.path(), dir, e.toString(), PREALLOCATE_RETRY_SECONDS);
      }
      preallocateRetryAt = System.nanoTime() + PREALLOCATE_RETRY_SECONDS * 1_000_000_000L;
      return false;
    }
    if (preallocateRetryAt != 0) {
      LOG.info("{}: preallocating again in {}", current.path(), dir);
      preallocateRetryAt = 0;
    }
    preallocatedTo = end;
    return true;
  }

  /** Reads the PUT record at {@code pointer}: its payload after the type byte, checksum verified. */
  ByteBuffer readPut(long pointer) throws IOException {
    LogSegment segment = segment(pointer);
    ByteBuffer record = segment.readRecord(Pointer.offset(pointer));
    if (record.get() != LogRecord.PUT) {
      throw segment.corrupt(Pointer.offset(pointer), "expected an event (PUT) record");
    }
    return record;
  }

  /**
   * The event at {@code pointer} decoded straight out of the tail cache, or null when the cache
   * cannot serve it (then {@link #readPut(long, ReadBuffer)}).
   */
  Event cachedEvent(long pointer, byte[][] scratch) {
    Event event = cache.readEvent(Pointer.segment(pointer), Pointer.offset(pointer), scratch);
    if (event != null) {
      cacheHits.increment();
    }
    return event;
  }

  /**
   * Reads the PUT record at {@code pointer} for a taker: its payload after the type byte. From the
   * tail cache when it still holds the record (no system call, no checksum: these are the bytes
   * just written), else from {@code rb}'s window when an earlier read already brought the record
   * in, else by one positional read of a whole window from the record on (so the records queued
   * after it come in with it); a record larger than the window is read alone. Checksums of
   * records read from the file are verified.
   */
  ByteBuffer readPut(long pointer, ReadBuffer rb) throws IOException {
    int seg = Pointer.segment(pointer);
    long offset = Pointer.offset(pointer);
    int n = cache.copy(seg, offset, rb);
    if (n > 0) {
      cacheHits.increment();
      ByteBuffer record = rb.recordView(n).position(LogRecord.HEADER);
      if (record.get() != LogRecord.PUT) {
        throw segment(pointer).corrupt(offset, "expected an event (PUT) record (in the cache)");
      }
      return record;
    }
    ByteBuffer record = fromWindow(seg, offset, rb);
    if (record != null) {
      windowHits.increment();
    } else {
      LogSegment segment = segment(pointer);
      fileReads.increment();
      fill(segment, offset, rb);
      record = fromWindow(seg, offset, rb);
      if (record == null) {
        fileReads.increment();
        return readPut(pointer); // larger than the window
      }
    }
    if (record.get() != LogRecord.PUT) {
      throw segment(pointer).corrupt(offset, "expected an event (PUT) record");
    }
    return record;
  }

  private ByteBuffer fromWindow(int seg, long offset, ReadBuffer rb) throws IOException {
    if (rb.windowDir != index || rb.windowSegment != seg || offset < rb.windowStart
        || offset + LogRecord.HEADER > rb.windowEnd) {
      return null;
    }
    ByteBuffer w = rb.window().clear(); // absolute reads below; the bytes stay
    int at = (int) (offset - rb.windowStart);
    int length = w.getInt(at);
    int crc = w.getInt(at + 4);
    if (length <= 0 || length > LogRecord.MAX_LENGTH) {
      throw segment(Pointer.of(index, seg, offset)).corrupt(offset, "bad record length " + length);
    }
    if (offset + LogRecord.HEADER + length > rb.windowEnd) {
      return null;
    }
    if (LogRecord.crc(w, at + LogRecord.HEADER, length, rb.windowSalt) != crc) {
      throw segment(Pointer.of(index, seg, offset)).corrupt(offset, "checksum mismatch");
    }
    return w.limit(at + LogRecord.HEADER + length).position(at + LogRecord.HEADER);
  }

  /** Fills the window from {@code offset} with one positional read. */
  private void fill(LogSegment segment, long offset, ReadBuffer rb) throws IOException {
    // Only bytes written before the read count: read the published tail first.
    long t = tail;
    long validEnd;
    if (t == Pointer.NONE || Pointer.segment(t) > segment.id()) {
      validEnd = Long.MAX_VALUE; // a finished segment (or the log is only being read)
    } else {
      validEnd = Pointer.offset(t);
    }
    rb.invalidate();
    ByteBuffer w = rb.window().clear();
    int n = segment.read(w, offset);
    rb.windowDir = index;
    rb.windowSegment = segment.id();
    rb.windowSalt = segment.salt();
    rb.windowStart = offset;
    rb.windowEnd = Math.min(offset + n, validEnd);
  }

  private LogSegment segment(long pointer) throws IOException {
    LogSegment segment = segments.get(Pointer.segment(pointer));
    if (segment == null) {
      throw new LogCorruptionException(dir.resolve(LogSegment.fileName(Pointer.segment(pointer))),
          Pointer.offset(pointer), "the segment is missing");
    }
    return segment;
  }

  /**
   * Deletes a segment that holds nothing live and lies before the last checkpoint, or retires it
   * for reuse while fewer than {@link #RETIRED_SEGMENTS} are kept.
   */
  void delete(int segmentId) throws IOException {
    LogSegment segment;
    boolean keep;
    synchronized (this) {
      if (current != null && current.id() == segmentId) {
        return;
      }
      segment = segments.remove(segmentId);
      keep = retired.size() < RETIRED_SEGMENTS;
    }
    if (segment == null) {
      return;
    }
    if (keep) {
      Path file;
      try {
        file = segment.retire();
      } catch (IOException e) {
        LOG.debug("{}: cannot retire {} ({}); deleting it", dir, segment.path(), e.toString());
        segment.delete();
        return;
      }
      synchronized (this) {
        retired.add(file);
      }
      return;
    }
    segment.delete();
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
    cache.clear();
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
