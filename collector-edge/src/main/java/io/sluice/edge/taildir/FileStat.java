package io.sluice.edge.taildir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Map;

/** What one look at a path saw: identity, size and modification time, read in one call. */
record FileStat(Path path, FileKey key, long size, long mtimeMillis) {

  /** Stats a path, following symbolic links (a link's target is what gets tailed). */
  static FileStat of(Path path) throws IOException {
    Map<String, Object> a = Files.readAttributes(path, "unix:dev,ino,size,lastModifiedTime,isRegularFile");
    if (!Boolean.TRUE.equals(a.get("isRegularFile"))) {
      throw new IOException(path + " is not a regular file");
    }
    return new FileStat(path, new FileKey(((Number) a.get("dev")).longValue(), ((Number) a.get("ino")).longValue()),
        ((Number) a.get("size")).longValue(), ((FileTime) a.get("lastModifiedTime")).toMillis());
  }

  /** As {@link #of} but null when the path is gone or is not a regular file. */
  static FileStat ofOrNull(Path path) {
    try {
      return of(path);
    } catch (IOException | UnsupportedOperationException e) {
      return null;
    }
  }
}
