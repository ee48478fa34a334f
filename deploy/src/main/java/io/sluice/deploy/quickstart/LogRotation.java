package io.sluice.deploy.quickstart;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Rotates one log file the two ways logrotate does, keeping {@code generations} old files
 * ({@code app.log.1} newest .. {@code app.log.N} oldest, the oldest deleted):
 *
 * <ul>
 *   <li>{@link Kind#RENAME}: {@code app.log} becomes {@code app.log.1} and a new, empty
 *       {@code app.log} is opened (logrotate's {@code create});
 *   <li>{@link Kind#COPYTRUNCATE}: {@code app.log} is copied to {@code app.log.1}, then truncated
 *       to 0 and written on from there (logrotate's {@code copytruncate}).
 * </ul>
 *
 * <p>logrotate's copytruncate has a race it documents: lines the application writes between the
 * copy and the truncation are in neither file. Here the writer rotates between two of its own
 * writes, on its writing thread, so no line can fall into that gap. Used from one thread.
 */
final class LogRotation {
  /** How a file is rotated. */
  enum Kind { RENAME, COPYTRUNCATE }

  private final Path active;
  private final int generations;

  /**
   * @param active the file the application writes ({@code app.log})
   * @param generations rotated files kept (at least 1)
   */
  LogRotation(Path active, int generations) {
    if (generations < 1) {
      throw new IllegalArgumentException("generations must be at least 1: " + generations);
    }
    this.active = active;
    this.generations = generations;
  }

  /** Opens (creating it if needed) the active file for appending. */
  FileChannel open() throws IOException {
    return FileChannel.open(active, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
        StandardOpenOption.APPEND);
  }

  /**
   * Rotates the active file, whose open channel is {@code current}; returns the channel to write
   * on (a new one after a rename, {@code current} after a copytruncate).
   */
  FileChannel rotate(Kind kind, FileChannel current) throws IOException {
    shiftGenerations();
    if (kind == Kind.RENAME) {
      Files.move(active, generation(1), StandardCopyOption.ATOMIC_MOVE);
      current.close();
      return open();
    }
    Files.copy(active, generation(1));
    current.truncate(0);
    return current;
  }

  /** {@code app.log.N} is deleted, each {@code app.log.i} becomes {@code app.log.(i+1)}. */
  private void shiftGenerations() throws IOException {
    Files.deleteIfExists(generation(generations));
    for (int i = generations - 1; i >= 1; i--) {
      Path from = generation(i);
      if (Files.exists(from)) {
        Files.move(from, generation(i + 1), StandardCopyOption.ATOMIC_MOVE);
      }
    }
  }

  /** {@code app.log.i}. */
  Path generation(int i) {
    return active.resolveSibling(active.getFileName() + "." + i);
  }
}
