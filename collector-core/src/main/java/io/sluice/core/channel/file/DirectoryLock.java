package io.sluice.core.channel.file;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetAddress;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * An exclusive lock on a directory, so two channels (in one process or two) never share a
 * checkpoint or data directory. The lock file {@code in_use.lock} holds the holder's process id and
 * host, so a refused channel can name who has it. Thread-safe; released once by {@link #close()}.
 */
final class DirectoryLock implements AutoCloseable {
  static final String FILE = "in_use.lock";

  private final FileChannel file;
  private final FileLock lock;

  private DirectoryLock(FileChannel file, FileLock lock) {
    this.file = file;
    this.lock = lock;
  }

  /**
   * Creates {@code dir} if needed and locks it.
   *
   * @throws IOException naming the directory and, when known, the process holding it
   */
  static DirectoryLock acquire(Path dir, String owner) throws IOException {
    Files.createDirectories(dir);
    Path path = dir.resolve(FILE);
    FileChannel ch = FileChannel.open(path, StandardOpenOption.CREATE, StandardOpenOption.READ,
        StandardOpenOption.WRITE);
    FileLock lock;
    try {
      lock = ch.tryLock();
    } catch (OverlappingFileLockException e) {
      lock = null;
    } catch (IOException e) {
      ch.close();
      throw e;
    }
    if (lock == null) {
      String holder = Files.readString(path, StandardCharsets.UTF_8).trim();
      ch.close();
      throw new IOException(owner + ": directory " + dir + " is in use by "
          + (holder.isEmpty() ? "another channel" : "process " + holder)
          + " (lock file " + path + "); give each file channel its own checkpointDir and dataDirs");
    }
    ch.truncate(0);
    ch.write(ByteBuffer.wrap(holder().getBytes(StandardCharsets.UTF_8)), 0);
    return new DirectoryLock(ch, lock);
  }

  private static String holder() {
    String host;
    try {
      host = InetAddress.getLocalHost().getHostName();
    } catch (IOException e) {
      host = "unknown host";
    }
    return ProcessHandle.current().pid() + " on " + host + " ("
        + ManagementFactory.getRuntimeMXBean().getName() + ")\n";
  }

  @Override
  public void close() throws IOException {
    try {
      lock.release();
    } finally {
      file.close();
    }
  }
}
