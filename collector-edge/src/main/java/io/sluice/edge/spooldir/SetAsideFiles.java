package io.sluice.edge.spooldir;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;

/**
 * Files the source is done with but could not rename, delete or mark (a read-only directory, a name
 * with no room for the suffix), kept with their identity in {@code <trackerDir>/.sluice-set-aside}
 * so that a restart does not deliver them again, while a new file under the same name is still
 * read. If even this list cannot be written, they are skipped until the agent restarts.
 * Runner-thread confined.
 */
final class SetAsideFiles {
  static final String FILE_NAME = ".sluice-set-aside";

  private final Path file;
  private final Map<Path, FileIdentity> files = new HashMap<>();

  SetAsideFiles(Path trackerDir) {
    this.file = trackerDir.resolve(FILE_NAME);
  }

  Path path() {
    return file;
  }

  /** Reads the list, forgetting files that are gone or were replaced since. */
  void load() throws IOException {
    Properties p = new Properties();
    try (InputStream in = Files.newInputStream(file)) {
      p.load(in);
    } catch (NoSuchFileException e) {
      return;
    }
    boolean pruned = false;
    for (String name : p.stringPropertyNames()) {
      Path path = Path.of(name);
      FileIdentity saved = parse(p.getProperty(name));
      if (saved != null && saved.equals(identityOrSaved(path, saved))) {
        files.put(path, saved);
      } else {
        pruned = true;
      }
    }
    if (pruned) {
      save();
    }
  }

  /** Adds a file; false when the list could not be saved (the file is then skipped until restart). */
  boolean add(Path path, FileIdentity identity) {
    files.put(path.toAbsolutePath(), identity);
    try {
      save();
      return true;
    } catch (IOException e) {
      return false;
    }
  }

  /** True when this very file (not a new one under its name) was set aside. */
  boolean contains(Path path, FileIdentity now) {
    FileIdentity saved = files.get(path.toAbsolutePath());
    return saved != null && saved.equals(now);
  }

  private void save() throws IOException {
    Properties p = new Properties();
    files.forEach((path, id) -> p.setProperty(path.toString(),
        id.size() + " " + id.modifiedMillis() + " " + id.key()));
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(256);
    p.store(bytes, "sluice spooldir: files done with but not renamed; delete a line to read its file again");
    Durably.replace(file, bytes.toByteArray());
  }

  /** The file's identity now; the saved one when it cannot be looked at now (kept, not guessed away). */
  private static FileIdentity identityOrSaved(Path path, FileIdentity saved) {
    try {
      return FileIdentity.of(path);
    } catch (IOException e) {
      return saved;
    }
  }

  private static FileIdentity parse(String value) {
    String[] parts = value.split(" ", 3);
    try {
      return new FileIdentity(parts.length > 2 ? parts[2] : "", Long.parseLong(parts[0]), Long.parseLong(parts[1]));
    } catch (RuntimeException e) {
      return null;
    }
  }
}
