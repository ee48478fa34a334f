package io.sluice.edge.spooldir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;

/**
 * What a spooled file looked like when it was picked up: its file key (device and inode where the
 * OS has them), size and modification time. Spool files must not change once dropped; any
 * difference later means they did.
 */
record FileIdentity(String key, long size, long modifiedMillis) {

  /** The identity of {@code path} now, or null if it no longer exists. */
  static FileIdentity of(Path path) throws IOException {
    try {
      return of(Files.readAttributes(path, BasicFileAttributes.class));
    } catch (NoSuchFileException e) {
      return null;
    }
  }

  static FileIdentity of(BasicFileAttributes attrs) {
    Object key = attrs.fileKey();
    return new FileIdentity(key == null ? "" : key.toString(), attrs.size(), attrs.lastModifiedTime().toMillis());
  }

  /** Same underlying file (not a new file under the same name); unknown keys compare as same. */
  boolean sameFile(FileIdentity other) {
    return key.isEmpty() || other.key.isEmpty() || key.equals(other.key);
  }

  /** What changed between this identity and {@code now}, or null if nothing did. */
  String changeTo(FileIdentity now) {
    if (now == null) {
      return "vanished after it was picked up";
    }
    if (!sameFile(now)) {
      return "was replaced by another file after it was picked up";
    }
    if (now.size != size) {
      return "changed size after it was picked up (" + size + " -> " + now.size + " bytes)";
    }
    if (now.modifiedMillis != modifiedMillis) {
      return "was modified after it was picked up";
    }
    return null;
  }
}
