package io.sluice.deploy.quickstart;

import java.io.IOException;
import java.io.Reader;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Optional;
import java.util.Properties;

/**
 * What a {@link LogWriter} has written: the lines it appended (sequence numbers 0..written-1 under
 * {@code prefix}) and the rotations it made. Saved as a small properties file, replaced
 * atomically, so a reader never sees half of one. Immutable.
 *
 * @param written lines fully appended to the log (each write returned)
 * @param renames rename rotations (app.log to app.log.1, a new app.log)
 * @param copytruncates copytruncate rotations (app.log copied to app.log.1, then truncated)
 * @param closed the writer stopped cleanly: nothing more will be written under this prefix
 */
public record Ledger(String prefix, long written, long renames, long copytruncates,
    boolean closed) {

  /** Rotations of both kinds. */
  public long rotations() {
    return renames + copytruncates;
  }

  /** Writes the ledger to {@code file} through a temporary file and an atomic rename. */
  public void save(Path file) throws IOException {
    Properties p = new Properties();
    p.setProperty("prefix", prefix);
    p.setProperty("written", Long.toString(written));
    p.setProperty("renames", Long.toString(renames));
    p.setProperty("copytruncates", Long.toString(copytruncates));
    p.setProperty("closed", Boolean.toString(closed));
    Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
    try (Writer w = Files.newBufferedWriter(tmp)) {
      p.store(w, "lines written by the quickstart's log writer");
    }
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
  }

  /** The ledger in {@code file}, or empty when there is none (yet). */
  public static Optional<Ledger> read(Path file) throws IOException {
    Properties p = new Properties();
    try (Reader r = Files.newBufferedReader(file)) {
      p.load(r);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
    try {
      return Optional.of(new Ledger(p.getProperty("prefix", ""),
          Long.parseLong(p.getProperty("written", "0")),
          Long.parseLong(p.getProperty("renames", "0")),
          Long.parseLong(p.getProperty("copytruncates", "0")),
          Boolean.parseBoolean(p.getProperty("closed", "false"))));
    } catch (NumberFormatException e) {
      throw new IOException("unreadable ledger " + file + ": " + e.getMessage(), e);
    }
  }
}
