package io.sluice.edge.spooldir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Properties;

/**
 * The committed position inside the file being read, kept in {@code <trackerDir>/.sluice-spool-progress}
 * so a crash resumes at the last committed event. Written after every committed batch, atomically:
 * a temporary file is written and fsynced, renamed over the old one, and the directory fsynced, so
 * a reader sees either the old or the new position, never a torn one. Flume's Avro meta file is not
 * written or read. Runner-thread confined.
 */
final class ProgressTracker {
  static final String FILE_NAME = ".sluice-spool-progress";
  private static final String VERSION = "1";

  /** One file's committed progress. */
  record Progress(Path file, FileIdentity identity, SpoolPosition position) {}

  private final Path dir;
  private final Path file;

  ProgressTracker(Path trackerDir) {
    this.dir = trackerDir;
    this.file = trackerDir.resolve(FILE_NAME);
  }

  Path path() {
    return file;
  }

  /** The saved progress, or null if there is none. A malformed file is reported, never guessed at. */
  Progress load() throws IOException {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (NoSuchFileException e) {
      return null;
    }
    if (p.isEmpty()) {
      return null;
    }
    try {
      if (!VERSION.equals(p.getProperty("version"))) {
        throw new IOException("unknown version " + p.getProperty("version"));
      }
      FileIdentity id = new FileIdentity(p.getProperty("fileKey", ""), Long.parseLong(p.getProperty("size")),
          Long.parseLong(p.getProperty("modified")));
      SpoolPosition pos = new SpoolPosition(Long.parseLong(p.getProperty("offset")),
          Long.parseLong(p.getProperty("skip")));
      return new Progress(Path.of(p.getProperty("file")), id, pos);
    } catch (RuntimeException e) {
      throw new IOException("malformed progress file " + file + ": " + e, e);
    }
  }

  void save(Progress progress) throws IOException {
    Properties p = new Properties();
    p.setProperty("version", VERSION);
    p.setProperty("file", progress.file().toAbsolutePath().toString());
    p.setProperty("fileKey", progress.identity().key());
    p.setProperty("size", Long.toString(progress.identity().size()));
    p.setProperty("modified", Long.toString(progress.identity().modifiedMillis()));
    p.setProperty("offset", Long.toString(progress.position().offset()));
    p.setProperty("skip", Long.toString(progress.position().skip()));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    p.store(bytes, "sluice spooldir progress: the next event to read");
    Durably.replace(file, bytes.toByteArray());
  }

  /** Forgets the progress once its file is done; durable like {@link #save}. */
  void clear() throws IOException {
    if (Files.deleteIfExists(file)) {
      Durably.syncDirectory(dir);
    }
  }
}
