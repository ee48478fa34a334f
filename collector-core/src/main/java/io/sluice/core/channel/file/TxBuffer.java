package io.sluice.core.channel.file;

import io.sluice.api.Event;
import java.nio.ByteBuffer;

/**
 * A transaction's log records, encoded and checksummed as it goes (puts at {@code put()}, in the
 * caller's thread, so commits only copy bytes to the file). Its size is bounded by
 * transactionCapacity times the event size. Not thread-safe (owned by one transaction).
 */
final class TxBuffer {
  private ByteBuffer buf = ByteBuffer.allocate(4096);
  private long[] putOffsets = new long[16];
  private int puts;
  private int takes;

  /** Appends a PUT record for {@code event}. */
  void put(Event event) {
    byte[][] headers = EventCodec.encodeHeaders(event);
    int size = LogRecord.HEADER + 1 + EventCodec.size(event, headers);
    ensure(size);
    int start = buf.position();
    buf.position(start + LogRecord.HEADER);
    buf.put(LogRecord.PUT);
    EventCodec.write(buf, event, headers);
    LogRecord.seal(buf, start);
    if (puts == putOffsets.length) {
      putOffsets = java.util.Arrays.copyOf(putOffsets, puts * 2);
    }
    putOffsets[puts++] = start;
  }

  /** Appends TAKE records for the first {@code n} pointers. */
  void takes(long[] pointers, int n) {
    ensure(n * LogRecord.TAKE_SIZE);
    for (int i = 0; i < n; i++) {
      LogRecord.appendTake(buf, pointers[i]);
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

  void clear() {
    buf.clear();
    puts = 0;
    takes = 0;
    if (buf.capacity() > 1 << 20) {
      buf = ByteBuffer.allocate(4096); // give a big batch's memory back
    }
  }

  private void ensure(int more) {
    if (buf.remaining() < more) {
      int need = buf.position() + more;
      ByteBuffer bigger = ByteBuffer.allocate(Math.max(need, buf.capacity() * 2));
      bigger.put(buf.flip());
      buf = bigger;
    }
  }
}
