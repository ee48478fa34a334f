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
 * never acknowledged and replay ignores it.
 *
 * <p>In a segment of format 3 the stored checksum is the CRC-32C XOR the segment's random salt
 * ({@link LogSegment#salt()}): event bodies come from remote senders, and a record forged in one,
 * or copied from another segment, must never pass for a record when replay looks for the next
 * good one. Records are sealed with the salt of the segment their transaction's buffer was last
 * appended to (see TxBuffer), so a commit to that segment, the usual case, writes them as they are;
 * {@link #salt} re-salts them in place when the commit goes elsewhere. Stateless; thread-safe.
 */
final class LogRecord {
  static final int HEADER = 8;
  static final byte PUT = 1;
  static final byte TAKE = 2;
  static final byte COMMIT = 3;
  static final int TAKE_SIZE = HEADER + 1 + 8;
  static final int COMMIT_SIZE = HEADER + 1 + 8 + 4 + 4;
  /**
   * Largest record length (type byte and payload) the log writes or reads: a length above it on
   * disk is damage, and replay's probes never read or allocate more. Well above any event the
   * sources accept by default (Flume's blob deserializer: 100 MB).
   */
  static final int MAX_LENGTH = 256 << 20;

  private LogRecord() {}

  /**
   * Fills in length and CRC, XORed with {@code salt}, of the record whose header starts at
   * {@code start} and ends at the buffer's position.
   */
  static void seal(ByteBuffer buf, int start, int salt) {
    int end = buf.position();
    int length = end - start - HEADER;
    buf.putInt(start, length);
    buf.putInt(start + 4, crcInPlace(buf, start + HEADER, length) ^ salt);
  }

  /**
   * As {@link #crc(ByteBuffer, int, int)}, by moving the buffer's own position and limit and
   * putting them back (the buffer must be the caller's alone): sealing runs once per event, and a
   * view per record was a measurable share of the put path.
   */
  private static int crcInPlace(ByteBuffer buf, int from, int length) {
    int position = buf.position();
    int limit = buf.limit();
    CRC32C crc = new CRC32C();
    buf.limit(from + length).position(from);
    crc.update(buf);
    buf.limit(limit).position(position);
    return (int) crc.getValue();
  }

  static void appendTake(ByteBuffer buf, long pointer, int salt) {
    int start = buf.position();
    buf.position(start + HEADER);
    buf.put(TAKE).putLong(pointer);
    seal(buf, start, salt);
  }

  static void appendCommit(ByteBuffer buf, long seq, int puts, int takes, int salt) {
    int start = buf.position();
    buf.position(start + HEADER);
    buf.put(COMMIT).putLong(seq).putInt(puts).putInt(takes);
    seal(buf, start, salt);
  }

  /** CRC-32C of {@code length} bytes of {@code buf} from absolute index {@code from}. */
  static int crc(ByteBuffer buf, int from, int length) {
    CRC32C crc = new CRC32C();
    crc.update(buf.duplicate().limit(from + length).position(from));
    return (int) crc.getValue();
  }

  /** The checksum stored for those bytes in a segment with {@code salt}. */
  static int crc(ByteBuffer buf, int from, int length, int salt) {
    return crc(buf, from, length) ^ salt;
  }

  /**
   * Salts (or, applied again, unsalts) the checksum of every record in {@code run}, from its
   * position to its limit, in place: one int per record, no allocation.
   */
  static void salt(ByteBuffer run, int salt) {
    if (salt == 0) {
      return;
    }
    for (int at = run.position(); at + HEADER <= run.limit(); at += HEADER + run.getInt(at)) {
      run.putInt(at + 4, run.getInt(at + 4) ^ salt);
    }
  }
}
