package io.sluice.edge.taildir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * One file the source follows, known by its device and inode; its path is only a label that a
 * rename changes. {@code pos} is the committed position (what the channel holds), the splitter's
 * position is how far it was read. Owned by the source's thread.
 */
final class TailedFile {
  final FileKey key;
  Path path;
  FileGroup group;
  long pos;
  Fingerprint head = Fingerprint.NONE;
  Fingerprint marker = Fingerprint.NONE;
  final LineSplitter splitter;
  /** Joins lines into multiline events; null when the source has no multiline pattern. */
  final MultilineAggregator multiline;
  FileChannel channel;
  long lastSize;
  long lastChangeNanos;
  long lastUseNanos;
  /** Set when the file left the watched names (renamed away or deleted): read to its end, then drop. */
  long retiredAtNanos = -1;
  /** A new file whose first bytes equal a followed file's: a copy, held until that one is truncated. */
  TailedFile copyOf;
  long heldSinceNanos;

  TailedFile(FileKey key, Path path, FileGroup group, long pos, TaildirSourceConfig config, long nowNanos) {
    this.key = key;
    this.path = path;
    this.group = group;
    this.pos = pos;
    this.splitter = new LineSplitter(config.maxLineLength(), pos);
    this.multiline = config.multiline() == null ? null
        : new MultilineAggregator(config.multiline(), config.maxLineLength());
    this.lastChangeNanos = nowNanos;
    this.lastUseNanos = nowNanos;
  }

  boolean isOpen() {
    return channel != null;
  }

  boolean retired() {
    return retiredAtNanos >= 0;
  }

  boolean held() {
    return copyOf != null;
  }

  /**
   * Opens the file by its current path; false (and closed) when that path now names another file,
   * which the next scan sorts out.
   */
  boolean open() throws IOException {
    FileChannel ch = FileChannel.open(path, StandardOpenOption.READ);
    FileStat st = FileStat.ofOrNull(path);
    if (st == null || !st.key().equals(key)) {
      ch.close();
      return false;
    }
    channel = ch;
    return true;
  }

  void close() {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // Nothing to recover: the descriptor is released either way.
      }
      channel = null;
    }
  }

  /** Restarts reading from the committed position, dropping what was read past it. */
  void rewind() {
    splitter.reset(pos);
    if (multiline != null) {
      multiline.reset();
    }
  }

  /** Restarts the file from {@code newPos} (a truncation, or a copy picked up at the old position). */
  void restartAt(long newPos) {
    pos = newPos;
    marker = Fingerprint.NONE;
    rewind();
  }

  /** Bytes known to be on disk and not yet committed. */
  long unread() {
    return Math.max(0, lastSize - pos);
  }

  PositionFile.Entry entry() {
    return new PositionFile.Entry(key.ino(), pos, path.toString(), key.dev(), head, marker);
  }

  @Override
  public String toString() {
    return path + " (" + key + ")";
  }
}
