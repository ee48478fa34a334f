package io.sluice.core.channel.file;

import io.sluice.api.Event;
import java.nio.ByteBuffer;

/**
 * A transaction's log records, encoded and checksummed as it goes (puts at {@code put()}, in the
 * caller's thread, so commits only copy bytes to the file). Its size is bounded by
 * transactionCapacity times the event size. Not thread-safe (owned by one transaction).
 */
final class TxBuffer {
  private static final int INITIAL = 64 << 10;
  private static final int KEEP = 4 << 20; // larger batches use a one-off heap buffer
  // Direct, so the commit's write goes to the file without the JDK's copy into a temporary direct
  // buffer; reused across the transactions of its thread.
  // Empty until the first record (a take-only transaction's TAKE records need little).
  private ByteBuffer buf = ByteBuffer.allocateDirect(0);
  private long[] putOffsets = new long[16];
  private int puts;
  private int takes;
  // What the records' checksums are XORed with: the salt of the segment this buffer was last
  // appended to, kept across clear() because the next transaction usually goes there too.
  private int salt;

  /** Appends a PUT record for {@code event}. */
  void put(Event event) {
    ensure(LogRecord.HEADER + 1 + EventCodec.maxSize(event) + LogRecord.COMMIT_SIZE);
    int start = buf.position();
    buf.position(start + LogRecord.HEADER);
    buf.put(LogRecord.PUT);
    EventCodec.write(buf, event); // straight into this buffer: the body is copied once
    LogRecord.seal(buf, start, salt);
    if (puts == putOffsets.length) {
      putOffsets = java.util.Arrays.copyOf(putOffsets, puts * 2);
    }
    putOffsets[puts++] = start;
  }

  /** Appends TAKE records for the first {@code n} pointers. */
  void takes(long[] pointers, int n) {
    ensure(n * LogRecord.TAKE_SIZE + LogRecord.COMMIT_SIZE);
    for (int i = 0; i < n; i++) {
      LogRecord.appendTake(buf, pointers[i], salt);
    }
    takes += n;
  }

  /** Removes the last {@code n} TAKE records again (their commit failed and may be retried). */
  void undoTakes(int n) {
    buf.position(buf.position() - n * LogRecord.TAKE_SIZE);
    takes -= n;
  }

  int puts() {
    return puts;
  }

  int takes() {
    return takes;
  }

  /** Offset of the i-th PUT record from the start of the buffer. */
  long putOffset(int i) {
    return putOffsets[i];
  }

  /** The records, ready to write (a view; the buffer itself is unchanged). */
  ByteBuffer records() {
    return buf.duplicate().flip();
  }

  /**
   * Appends the COMMIT record and returns every record, ready to write as one buffer (a view),
   * with their checksums salted with {@code segmentSalt} (re-salted in place only when the records
   * were sealed for another segment); {@link #removeCommit} takes the COMMIT off again. Room for it
   * is always kept.
   */
  ByteBuffer withCommit(long seq, int segmentSalt) {
    if (segmentSalt != salt) {
      LogRecord.salt(buf.duplicate().flip(), salt ^ segmentSalt);
      salt = segmentSalt;
    }
    ensure(LogRecord.COMMIT_SIZE);
    LogRecord.appendCommit(buf, seq, puts, takes, salt);
    return buf.duplicate().flip();
  }

  void removeCommit() {
    buf.position(buf.position() - LogRecord.COMMIT_SIZE);
  }

  void clear() {
    buf.clear();
    puts = 0;
    takes = 0;
    if (buf.capacity() > KEEP) {
      buf = ByteBuffer.allocateDirect(0); // give a big batch's memory back
    }
  }

  private void ensure(int more) {
    if (buf.remaining() < more) {
      int need = buf.position() + more;
      int cap = (int) Math.min(Integer.MAX_VALUE - 8, Math.max(need, Math.max(INITIAL, buf.capacity() * 2L)));
      ByteBuffer bigger = cap > KEEP ? ByteBuffer.allocate(cap)
          : ByteBuffer.allocateDirect(cap);
      bigger.put(buf.flip());
      buf = bigger;
    }
  }
}
