package io.sluice.edge.spooldir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/** Makes a directory's entries (a rename, a new marker, a deletion) durable. */
final class Durably {
  private Durably() {}

  /** fsyncs {@code dir}; best effort where a directory cannot be opened (e.g. Windows). */
  static void syncDirectory(Path dir) {
    try (FileChannel d = FileChannel.open(dir, StandardOpenOption.READ)) {
      d.force(true);
    } catch (IOException e) {
      // Not supported on this platform: the entry is still there, only less durable.
    }
  }
}
