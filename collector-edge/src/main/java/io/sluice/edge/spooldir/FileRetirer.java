package io.sluice.edge.spooldir;

import io.sluice.edge.spooldir.SpoolDirectorySourceConfig.DeletePolicy;
import io.sluice.edge.spooldir.SpoolDirectorySourceConfig.TrackingPolicy;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;

/**
 * Sets a file aside once the source is done with it. A completed file is deleted
 * ({@code deletePolicy = immediate}), renamed with {@code fileSuffix}, or marked by an empty
 * {@code <trackerDir>/<relative path><fileSuffix>} (Flume's tracker_dir layout). A failed file is
 * renamed with {@code .FAILED} (or marked by {@code <trackerDir>/<relative path>.FAILED} under
 * tracker_dir, which never renames input). A file that can be neither is listed in
 * {@link SetAsideFiles}, so a restart does not read it again. Every change is fsynced.
 * Runner-thread confined.
 */
final class FileRetirer {
  static final String FAILED_SUFFIX = ".FAILED";

  /** What was done with a file, for the log; {@code nameReused} means an earlier file had the same name. */
  record Outcome(String description, boolean nameReused) {}

  /** How a file that could not be set aside on disk was kept from being read again. */
  record Kept(String description, boolean durable) {}

  private final SpoolDirectorySourceConfig config;
  private final Path spoolDir;
  private final Path trackerDir;
  private final SetAsideFiles setAside;

  FileRetirer(SpoolDirectorySourceConfig config) {
    this.config = config;
    this.spoolDir = config.spoolDir().toAbsolutePath();
    this.trackerDir = config.resolvedTrackerDir().toAbsolutePath();
    this.setAside = new SetAsideFiles(trackerDir);
  }

  /** Reads the files set aside by earlier runs (the tracker directory must exist). */
  void load() throws IOException {
    setAside.load();
  }

  /** Every event of {@code file} is committed: delete it, rename it, or mark it. */
  Outcome complete(Path file, FileIdentity identity) throws IOException {
    if (config.deletePolicy() == DeletePolicy.IMMEDIATE) {
      Files.deleteIfExists(file);
      Durably.syncDirectory(file.toAbsolutePath().getParent());
      return new Outcome("deleted", false);
    }
    if (config.trackingPolicy() == TrackingPolicy.TRACKER_DIR) {
      return markCompleted(file, identity.modifiedMillis());
    }
    Path dest = sibling(file, config.fileSuffix());
    boolean reused = Files.exists(dest);
    if (reused) {
      dest = freeName(file, config.fileSuffix());
    }
    Files.move(file, dest);
    Durably.syncDirectory(dest.toAbsolutePath().getParent());
    return new Outcome("renamed to " + dest.getFileName(), reused);
  }

  private Outcome markCompleted(Path file, long fileModified) throws IOException {
    Path marker = completedMarker(file);
    Files.createDirectories(marker.getParent());
    boolean reused = false;
    try {
      Files.createFile(marker);
    } catch (FileAlreadyExistsException e) {
      // The scanner only lets a marked file through when it is newer than its marker: a new file.
      reused = true;
    }
    // A marker must never be older than its file (a file stamped in the future, a coarse clock),
    // or the scanner would take the file for a new one under the same name and read it again.
    if (Files.getLastModifiedTime(marker).toMillis() < fileModified) {
      Files.setLastModifiedTime(marker, FileTime.fromMillis(fileModified));
    }
    Durably.syncDirectory(marker.getParent());
    return new Outcome("marked done by " + marker, reused);
  }

  /** Sets a file that cannot be read to its end aside; returns what was done, for the one log line. */
  String fail(Path file) {
    try {
      if (!Files.exists(file)) {
        return "it is no longer there to set aside";
      }
      if (config.trackingPolicy() == TrackingPolicy.TRACKER_DIR) {
        Path marker = failedMarker(file);
        Files.createDirectories(marker.getParent());
        if (!Files.exists(marker)) {
          Files.createFile(marker);
        }
        Durably.syncDirectory(marker.getParent());
        return "marked failed by " + marker + " (delete the marker to read the file again from its start)";
      }
      Path dest = freeName(file, FAILED_SUFFIX);
      Files.move(file, dest);
      Durably.syncDirectory(dest.toAbsolutePath().getParent());
      return "renamed to " + dest.getFileName();
    } catch (IOException e) {
      return "it could not be renamed (" + e + "), so it " + keepAside(file, null).description();
    }
  }

  /**
   * Lists a file that could be neither completed nor failed on disk, so no run reads it again;
   * says what was done, for the caller's log line.
   */
  Kept keepAside(Path file, FileIdentity known) {
    FileIdentity id;
    try {
      id = known != null ? known : FileIdentity.of(file);
    } catch (IOException e) {
      id = null;
    }
    if (id == null) {
      return new Kept("is no longer there", true);
    }
    return setAside.add(file, id)
        ? new Kept("is listed in " + setAside.path() + " and not read again (delete its line there to read it"
            + " again)", true)
        : new Kept("is skipped until the agent restarts (" + setAside.path() + " cannot be written either)", false);
  }

  boolean isSetAside(Path file, FileIdentity now) {
    return setAside.contains(file, now);
  }

  Path completedMarker(Path file) {
    return marker(file, config.fileSuffix());
  }

  Path failedMarker(Path file) {
    return marker(file, FAILED_SUFFIX);
  }

  private Path marker(Path file, String suffix) {
    Path rel = spoolDir.relativize(file.toAbsolutePath());
    return trackerDir.resolve(rel.toString() + suffix);
  }

  private static Path sibling(Path file, String suffix) {
    return file.resolveSibling(file.getFileName() + suffix);
  }

  /** {@code name<suffix>}, or {@code name.<n><suffix>} for the first n that is free. */
  private static Path freeName(Path file, String suffix) {
    Path dest = sibling(file, suffix);
    for (int n = 1; Files.exists(dest); n++) {
      dest = sibling(file, "." + n + suffix);
    }
    return dest;
  }
}
