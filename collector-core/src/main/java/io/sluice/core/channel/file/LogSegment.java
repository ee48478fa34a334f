package io.sluice.core.channel.file;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One segment file of a data directory: a 32-byte header ({@code "SLUICEWL"}, format version,
 * segment id, synced offset, checksum salt, flags) followed by log records, then zeros up to the
 * preallocated end, or, in a {@linkplain #recycled() recycled} segment, what the file held in its
 * earlier life.
 * Positional reads and writes only, so readers never disturb the appender. Thread-safe
 * (FileChannel positional I/O).
 *
 * <p>The synced offset is rewritten after each successful force and made durable by the next one,
 * so it never claims more than is on disk: replay knows that damage before it hit acknowledged
 * data, while damage after it is the unsynced tail of a power loss, whatever follows it.
 *
 * <p>The salt, random per segment and never 0, is XORed into every record's checksum (see
 * {@link LogRecord}), so bytes that were not written as a record of this very segment never read
 * as one. Version 2 segments (24-byte header, no salt) and version 1 segments (16 bytes, no synced
 * offset either) are still read, with a salt of 0.
 */
final class LogSegment implements AutoCloseable {
  static final long MAGIC = 0x534C_5549_4345_574CL; // "SLUICEWL"
  static final int VERSION = 4;
  /**
   * Flag: the file is a retired segment reused (see {@link #recycle}): past its records lie the
   * records of its earlier life, salted with another salt, so they fail their checksum and read
   * as damage, not zeros. Such a segment records its exact end in the synced offset when it is
   * rolled (see {@link #recordSynced}).
   */
  static final int RECYCLED = 1;
  private static final String RETIRED_SUFFIX = ".retired";
  static final int HEADER_SIZE = 32;
  private static final int V1_HEADER_SIZE = 16;
  private static final int V2_HEADER_SIZE = 24;
  private static final int SYNCED_AT = 16;
  /** {@link #syncedTo()} of a version 1 segment, which does not record it. */
  static final long SYNCED_UNKNOWN = -1;
  private static final Pattern NAME = Pattern.compile("log-(\\d{8})\\.wal");
  private static final Pattern RETIRED = Pattern.compile("log-(\\d{8})\\.retired");

  private final int id;
  private final Path path;
  private final FileChannel file;
  private final int dataStart;
  private final long syncedTo;
  private final int salt;
  private final int flags;
  // Guarded by this (the syncer and a segment roll both write it); the last offset put into the
  // header, which only grows.
  private long recordedSynced;

  private LogSegment(int id, Path path, FileChannel file, int dataStart, long syncedTo, int salt,
      int flags) {
    this.id = id;
    this.path = path;
    this.file = file;
    this.dataStart = dataStart;
    this.syncedTo = syncedTo;
    this.salt = salt;
    this.flags = flags;
    this.recordedSynced = syncedTo;
  }

  static String fileName(int id) {
    return String.format("log-%08d.wal", id);
  }

  /** Whether {@code file} is named as a retired segment kept for reuse ({@link #retire}). */
  static boolean isRetired(Path file) {
    return RETIRED.matcher(file.getFileName().toString()).matches();
  }

  /** The id in a segment file name, or -1 if the name is not a segment's. */
  static int idOf(Path file) {
    Matcher m = NAME.matcher(file.getFileName().toString());
    return m.matches() ? Integer.parseInt(m.group(1)) : -1;
  }

  /** Creates a new segment with its header written and forced; {@code salt} must not be 0. */
  static LogSegment create(Path dir, int id, int salt) throws IOException {
    if (salt == 0) {
      throw new IllegalArgumentException("a segment's salt must not be 0");
    }
    Path path = dir.resolve(fileName(id));
    FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE_NEW, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    try {
      writeFully(ch, header(id, salt, 0), 0);
      ch.force(true);
      // The directory entry too: else a power loss could drop the file with synced commits in it.
      Checkpoint.forceDirectory(dir);
    } catch (IOException e) {
      // e.g. disk full: remove the stub so the next attempt can create the same id
      ch.close();
      Files.deleteIfExists(path);
      throw e;
    }
    return new LogSegment(id, path, ch, HEADER_SIZE, HEADER_SIZE, salt, 0);
  }

  /**
   * Makes the retired segment file {@code retired} (see {@link #retire}) segment {@code id}: a new
   * header (new salt, flag {@link #RECYCLED}) written and forced while the file still has its
   * retired name, then the rename, then the directory forced. Its blocks are allocated and were
   * written, so appends overwrite them without zeros written first; whatever is past the new
   * records is the old life's, which fails its checksum under the new salt. A crash before the
   * rename leaves a retired file (reused later); after it, a segment whose header is whole. On
   * failure neither file is left.
   */
  static LogSegment recycle(Path retired, Path dir, int id, int salt) throws IOException {
    if (salt == 0) {
      throw new IllegalArgumentException("a segment's salt must not be 0");
    }
    Path path = dir.resolve(fileName(id));
    FileChannel ch = FileChannel.open(retired, StandardOpenOption.READ, StandardOpenOption.WRITE);
    try {
      writeFully(ch, header(id, salt, RECYCLED), 0);
      ch.force(true);
      Files.move(retired, path, StandardCopyOption.ATOMIC_MOVE);
      Checkpoint.forceDirectory(dir);
    } catch (IOException | RuntimeException e) {
      ch.close();
      Files.deleteIfExists(path);
      Files.deleteIfExists(retired);
      throw e;
    }
    return new LogSegment(id, path, ch, HEADER_SIZE, HEADER_SIZE, salt, RECYCLED);
  }

  private static ByteBuffer header(int id, int salt, int flags) {
    return ByteBuffer.allocate(HEADER_SIZE).putLong(MAGIC).putInt(VERSION).putInt(id)
        .putLong(HEADER_SIZE).putInt(salt).putInt(flags).flip();
  }

  /**
   * Whether the file holds nothing but zeros: a segment whose header never reached the disk (a
   * power loss before {@link #create} forced it, maybe after its space was allocated). It never
   * held a synced record, since records are written only after the header is forced.
   */
  static boolean onlyZeros(Path path) throws IOException {
    try (FileChannel ch = FileChannel.open(path, StandardOpenOption.READ)) {
      ByteBuffer buf = ByteBuffer.allocate(64 << 10);
      long at = 0;
      for (int n = ch.read(buf, at); n > 0; n = ch.read(buf, at)) {
        buf.flip();
        while (buf.hasRemaining()) {
          if (buf.get() != 0) {
            return false;
          }
        }
        buf.clear();
        at += n;
      }
      return true;
    }
  }

  /** Opens an existing segment for reading and, for a torn tail, truncation; checks the header. */
  static LogSegment open(Path path) throws IOException {
    int id = idOf(path);
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
    ByteBuffer header = ByteBuffer.allocate(HEADER_SIZE);
    readFully(ch, header, 0);
    header.flip();
    int version = header.remaining() >= V1_HEADER_SIZE && header.getLong() == MAGIC
        ? header.getInt() : 0;
    int size = version == 1 ? V1_HEADER_SIZE : version == 2 ? V2_HEADER_SIZE
        : version == 3 || version == VERSION ? HEADER_SIZE : Integer.MAX_VALUE;
    if (header.limit() < size || header.getInt() != id) {
      ch.close();
      throw new IOException("not a Sluice log segment (bad header): " + path);
    }
    long synced = version == 1 ? SYNCED_UNKNOWN : header.getLong();
    int salt = version >= 3 ? header.getInt() : 0;
    // Version 3 reserved the flags' 4 bytes (written as 0).
    int flags = version == VERSION ? header.getInt() : 0;
    return new LogSegment(id, path, ch, size, synced, salt, flags);
  }

  int id() {
    return id;
  }

  Path path() {
    return path;
  }

  /** What this segment's record checksums are XORed with; 0 before format 3. */
  int salt() {
    return salt;
  }

  /** Whether this file is a retired segment reused: see {@link #RECYCLED}. */
  boolean recycled() {
    return (flags & RECYCLED) != 0;
  }

  /** Offset of the first record (the header's size, which depends on the format version). */
  int dataStart() {
    return dataStart;
  }

  /**
   * The synced offset read from the header when the segment was opened: every byte before it was
   * durable; {@link #SYNCED_UNKNOWN} for a version 1 segment.
   */
  long syncedTo() {
    return syncedTo;
  }

  /**
   * Records in the header that every byte before {@code offset} is durable (call only after a
   * force that covered them); the next force makes the record itself durable.
   */
  synchronized void recordSynced(long offset) throws IOException {
    if (offset > recordedSynced && dataStart >= V2_HEADER_SIZE) {
      writeFully(file, ByteBuffer.allocate(8).putLong(0, offset), SYNCED_AT);
      recordedSynced = offset;
    }
  }

  long size() throws IOException {
    return file.size();
  }

  void write(ByteBuffer[] parts, long position) throws IOException {
    long at = position;
    for (ByteBuffer part : parts) {
      at += writeFully(file, part, at);
    }
  }

  void force() throws IOException {
    file.force(false);
  }

  /** Reads up to {@code dst.remaining()} bytes at {@code position}; fewer only at end of file. */
  int read(ByteBuffer dst, long position) throws IOException {
    return readFully(file, dst, position);
  }

  /**
   * Reads the record at {@code offset} and returns its type byte plus payload, checksum verified.
   *
   * @throws LogCorruptionException if the length or checksum is wrong
   */
  ByteBuffer readRecord(long offset) throws IOException {
    ByteBuffer buf = ByteBuffer.allocate(512);
    int n = read(buf, offset);
    if (n < LogRecord.HEADER) {
      throw corrupt(offset, "record header beyond end of file");
    }
    int length = buf.getInt(0);
    int crc = buf.getInt(4);
    if (length <= 0 || length > LogRecord.MAX_LENGTH) {
      throw corrupt(offset, "bad record length " + length);
    }
    if (length + LogRecord.HEADER > buf.capacity()) {
      // A damaged length must not allocate gigabytes: the record has to fit in the file.
      if (offset + LogRecord.HEADER + length > file.size()) {
        throw corrupt(offset, "record of " + length + " bytes runs past end of file");
      }
      ByteBuffer bigger = ByteBuffer.allocate(length + LogRecord.HEADER);
      bigger.put(buf.flip());
      read(bigger, offset + bigger.position());
      buf = bigger;
    }
    if (buf.position() < length + LogRecord.HEADER) {
      throw corrupt(offset, "record of " + length + " bytes runs past end of file");
    }
    if (LogRecord.crc(buf, LogRecord.HEADER, length, salt) != crc) {
      throw corrupt(offset, "checksum mismatch");
    }
    return buf.limit(LogRecord.HEADER + length).position(LogRecord.HEADER).slice();
  }

  /** Cuts the file at {@code size} and forces it (dropping a torn tail). */
  void truncate(long size) throws IOException {
    file.truncate(size);
    file.force(true);
  }

  LogCorruptionException corrupt(long offset, String what) {
    return new LogCorruptionException(path, offset, what);
  }

  @Override
  public void close() throws IOException {
    file.close();
  }

  void delete() throws IOException {
    close();
    Files.deleteIfExists(path);
  }

  /**
   * Closes the segment and renames it {@code log-<id>.retired}, for {@link #recycle}; returns the
   * new path. Not forced: a crash that loses the rename leaves the segment as it was, as a lost
   * delete would.
   */
  Path retire() throws IOException {
    close();
    Path to = path.resolveSibling(path.getFileName().toString().replace(".wal", RETIRED_SUFFIX));
    Files.move(path, to, StandardCopyOption.ATOMIC_MOVE);
    return to;
  }

  private static int writeFully(FileChannel ch, ByteBuffer src, long position) throws IOException {
    int total = 0;
    while (src.hasRemaining()) {
      total += ch.write(src, position + total);
    }
    return total;
  }

  private static int readFully(FileChannel ch, ByteBuffer dst, long position) throws IOException {
    int total = 0;
    while (dst.hasRemaining()) {
      int n = ch.read(dst, position + total);
      if (n < 0) {
        break;
      }
      total += n;
    }
    return total;
  }
}
