package io.sluice.core.channel.file;

import java.nio.ByteBuffer;
import java.util.zip.CRC32C;

/**
 * The record format of the write-ahead log: {@code int length, int crc32c, byte type, payload},
 * where length counts the type byte and the payload and the CRC-32C covers the same bytes. Every
 * record carries its own checksum, so a take can verify the one event it reads and replay can tell
 * a torn tail from good data. A length of 0 never occurs in a record: it marks the preallocated,
 * zero-filled end of a segment.
 *
 * <p>A transaction is written as one contiguous run of PUT and TAKE records closed by a COMMIT
 * record that carries the transaction's sequence number and counts; a run without its COMMIT was
 * never acknowledged and replay ignores it. Stateless; thread-safe.
 */
final class LogRecord {
  static final int HEADER = 8;
  static final byte PUT = 1;
  static final byte TAKE = 2;
  static final byte COMMIT = 3;
  static final int TAKE_SIZE = HEADER + 1 + 8;
  static final int COMMIT_SIZE = HEADER + 1 + 8 + 4 + 4;

  private LogRecord() {}

  /** Fills in length and CRC of the record whose header starts at {@code start} and ends at the buffer's position. */
  static void seal(ByteBuffer buf, int start) {
    int end = buf.position();
    int length = end - start - HEADER;
    buf.putInt(start, length);
    buf.putInt(start + 4, crc(buf, start + HEADER, length));
  }

  static void appendTake(ByteBuffer buf, long pointer) {
    int start = buf.position();
    buf.position(start + HEADER);
    buf.put(TAKE).putLong(pointer);
    seal(buf, start);
  }

  static void appendCommit(ByteBuffer buf, long seq, int puts, int takes) {
    int start = buf.position();
    buf.position(start + HEADER);
    buf.put(COMMIT).putLong(seq).putInt(puts).putInt(takes);
    seal(buf, start);
  }

  /** CRC-32C of {@code length} bytes of {@code buf} from absolute index {@code from}. */
  static int crc(ByteBuffer buf, int from, int length) {
    CRC32C crc = new CRC32C();
    crc.update(buf.duplicate().limit(from + length).position(from));
    return (int) crc.getValue();
  }
}
