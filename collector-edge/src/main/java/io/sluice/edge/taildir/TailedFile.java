package io.sluice.edge.taildir;

import io.sluice.api.DeliveryReceipt;
import java.io.IOException;
import java.util.ArrayDeque;
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
  /** The position saved: everything before it left the agent's channels (or is in a durable one). */
  long savedPos;
  Fingerprint savedMarker = Fingerprint.NONE;
  /** Batches committed to a channel that may still lose them, oldest first. */
  private final ArrayDeque<InFlight> inFlight = new ArrayDeque<>();

  private record InFlight(DeliveryReceipt receipt, long end, Fingerprint marker) {}
  final LineSplitter splitter;
  /** Joins lines into multiline events; null when the source has no multiline pattern. */
  final MultilineAggregator multiline;
  FileChannel channel;
  long lastSize;
  /** The file's last-modified time (epoch ms) at the latest scan that saw it. */
  long mtimeMillis;
  long lastChangeNanos;
  long lastUseNanos;
  /** The size a size poll found, and the round (its time) it is good for: the file's turn needs no fstat of its own. */
  long polledSize;
  long polledAtNanos = Long.MIN_VALUE;
  /** While size polling: the time between looks at this file, from its write rate, and when the next one is due. */
  long pollPeriodNanos = SizePolling.MIN_PERIOD_NANOS;
  long nextPollNanos;
  /** Set when the file left the watched names (renamed away or deleted): read to its end, then drop. */
  long retiredAtNanos = -1;
  /** A new file whose first bytes equal a followed file's: a copy, held until that one is truncated. */
  TailedFile copyOf;
  long heldSinceNanos;
  /**
   * Set while a new file is too short to be told from a copy still being written (cp creates it
   * empty): not read until it is (see {@link FileTable}); the time its wait started, else -1.
   */
  long undecidedSinceNanos = -1;

  TailedFile(FileKey key, Path path, FileGroup group, long pos, TaildirSourceConfig config, long nowNanos) {
    this.key = key;
    this.path = path;
    this.group = group;
    this.pos = pos;
    this.savedPos = pos;
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

  boolean undecided() {
    return undecidedSinceNanos >= 0;
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
    savedPos = newPos;
    savedMarker = Fingerprint.NONE;
    inFlight.clear();
    rewind();
  }

  /**
   * A batch ending at {@code end} was committed; its receipt says when it is safe to save. True
   * when the saved position moved (a durable channel's receipt is delivered at once).
   */
  boolean committed(DeliveryReceipt receipt, long end, Fingerprint endMarker) {
    pos = end;
    marker = endMarker;
    inFlight.addLast(new InFlight(receipt, end, endMarker));
    return advanceSaved();
  }

  /** Moves the saved position over the batches delivered in order; true when it moved. */
  boolean advanceSaved() {
    boolean moved = false;
    while (!inFlight.isEmpty() && inFlight.peekFirst().receipt().isDelivered()) {
      InFlight done = inFlight.pollFirst();
      savedPos = done.end();
      savedMarker = done.marker();
      moved = true;
    }
    return moved;
  }

  int inFlightBatches() {
    return inFlight.size();
  }

  /** A copy takes over the batches its original had in flight, whose bytes are now only in the copy. */
  void takeInFlightFrom(TailedFile original) {
    savedPos = original.savedPos;
    savedMarker = original.savedMarker;
    inFlight.addAll(original.inFlight);
    original.inFlight.clear();
  }

  /** Bytes known to be on disk and not yet committed. */
  long unread() {
    return Math.max(0, lastSize - pos);
  }

  PositionFile.Entry entry() {
    return new PositionFile.Entry(key.ino(), savedPos, path.toString(), key.dev(), head, savedMarker);
  }

  @Override
  public String toString() {
    return path + " (" + key + ")";
  }
}
