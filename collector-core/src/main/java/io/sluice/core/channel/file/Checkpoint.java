package io.sluice.core.channel.file;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.zip.CRC32C;
import java.util.zip.CheckedInputStream;
import java.util.zip.CheckedOutputStream;

/**
 * A snapshot of the queue: every stored pointer in order, the highest commit sequence applied, and
 * for each data directory the log position up to which everything is reflected. Replay starts at
 * those positions. The file ends with a CRC-32C of everything before it, and is replaced
 * atomically (temp file, force, rename, force of the directory), so a crash leaves either the old
 * or the new checkpoint. Immutable.
 *
 * @param sequence highest commit sequence reflected
 * @param positions per data directory: {segment id, offset}
 * @param pointers stored events, head first
 */
record Checkpoint(long sequence, long[][] positions, long[] pointers) {
  static final String FILE = "checkpoint";
  private static final long MAGIC = 0x534C_5549_4345_4350L; // "SLUICECP"
  private static final int VERSION = 1;

  /** Writes this checkpoint to {@code dir}/checkpoint, atomically and durably. */
  void write(Path dir) throws IOException {
    Path tmp = dir.resolve(FILE + ".tmp");
    try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.TRUNCATE_EXISTING)) {
      CRC32C crc = new CRC32C();
      OutputStream raw = Channels.newOutputStream(ch);
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(
          new CheckedOutputStream(raw, crc), 1 << 16));
      out.writeLong(MAGIC);
      out.writeInt(VERSION);
      out.writeLong(sequence);
      out.writeInt(positions.length);
      for (long[] p : positions) {
        out.writeInt((int) p[0]);
        out.writeLong(p[1]);
      }
      out.writeLong(pointers.length);
      for (long p : pointers) {
        out.writeLong(p);
      }
      out.flush();
      new DataOutputStream(raw).writeInt((int) crc.getValue());
      ch.force(true);
    }
    Files.move(tmp, dir.resolve(FILE), StandardCopyOption.ATOMIC_MOVE,
        StandardCopyOption.REPLACE_EXISTING);
    forceDirectory(dir);
  }

  /**
   * Reads {@code dir}/checkpoint; null if there is none.
   *
   * @throws IOException if it exists but is truncated, corrupt or of another format
   */
  static Checkpoint read(Path dir) throws IOException {
    Path file = dir.resolve(FILE);
    long size;
    try {
      size = Files.size(file);
    } catch (NoSuchFileException e) {
      return null;
    }
    CRC32C crc = new CRC32C();
    try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
      DataInputStream in = new DataInputStream(new CheckedInputStream(raw, crc));
      if (in.readLong() != MAGIC || in.readInt() != VERSION) {
        throw new IOException("not a Sluice checkpoint: " + file);
      }
      long sequence = in.readLong();
      int dirs = in.readInt();
      if (dirs < 0 || dirs > Pointer.MAX_DIRS) {
        throw new IOException("corrupt checkpoint " + file + ": " + dirs + " data directories");
      }
      long[][] positions = new long[dirs][];
      for (int i = 0; i < dirs; i++) {
        positions[i] = new long[] {in.readInt(), in.readLong()};
      }
      long count = in.readLong();
      if (count < 0 || count > size / 8) { // count * 8 could overflow past the check
        throw new IOException("corrupt checkpoint " + file + ": " + count + " events in " + size
            + " bytes");
      }
      long[] pointers = new long[(int) count];
      for (int i = 0; i < count; i++) {
        pointers[i] = in.readLong();
      }
      int expected = (int) crc.getValue();
      if (new DataInputStream(raw).readInt() != expected || raw.read() != -1) {
        throw new IOException("corrupt checkpoint " + file + ": checksum mismatch");
      }
      return new Checkpoint(sequence, positions, pointers);
    } catch (EOFException e) {
      throw new IOException("truncated checkpoint " + file, e);
    }
  }

  static void forceDirectory(Path dir) throws IOException {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    }
  }
}
