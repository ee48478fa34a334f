package io.sluice.core.channel.file;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * Pins a data directory to its place in {@code dataDirs}. Pointers (in the checkpoint and the
 * queue) name a directory by its index, so a reordered list would read events from the wrong
 * segments, silently when offsets happen to land on records; a marker file catches it at start.
 */
final class DataDirIndex {
  static final String FILE = "dataDirs.index";

  private DataDirIndex() {}

  /** Writes the marker in a directory that has none; refuses to start when it names another place. */
  static void check(Path dir, int index, String owner) throws IOException {
    Path marker = dir.resolve(FILE);
    String found;
    try {
      found = Files.readString(marker, StandardCharsets.US_ASCII).trim();
    } catch (NoSuchFileException e) {
      Path tmp = dir.resolve(FILE + ".tmp");
      Files.writeString(tmp, index + "\n", StandardCharsets.US_ASCII);
      Files.move(tmp, marker, StandardCopyOption.ATOMIC_MOVE);
      Checkpoint.forceDirectory(dir);
      return;
    }
    if (!found.equals(Integer.toString(index))) {
      throw new IOException(owner + ": data directory " + dir + " was dataDirs[" + found
          + "] and is now dataDirs[" + index + "]; the channel's pointers name directories by"
          + " position, so restore the original order of dataDirs (or delete " + marker
          + " only if the directory holds no events)");
    }
  }
}
