package io.sluice.edge.taildir;

/**
 * A file's identity on this host: its device and inode. Flume keys files by inode alone, so two
 * file systems with equal inode numbers collide; the device keeps them apart.
 */
record FileKey(long dev, long ino) {
  @Override
  public String toString() {
    return dev + ":" + ino;
  }
}
