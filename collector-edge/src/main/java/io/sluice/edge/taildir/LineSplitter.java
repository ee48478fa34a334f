package io.sluice.edge.taildir;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteOrder;
import java.util.Arrays;

/**
 * Cuts the bytes of one file into '\n'-terminated lines (a '\r' before the '\n' is dropped, as
 * Flume does), keeping at most {@code maxLineLength} bytes of a line: the rest up to its newline is
 * skipped and the line is flagged. Bytes after the last newline are held until more arrive, so a
 * line is never split by a read boundary. Not thread-safe: one per file, used by the source's
 * thread.
 */
final class LineSplitter {

  /** A complete line: its bytes, where it started, where the next one starts, and if it was cut. */
  record Line(byte[] bytes, long start, long end, boolean truncated) {}

  interface LineSink {
    /**
     * Takes one line (its fields as in {@link Line}, passed apart so that a plain line costs no
     * record); false stops the split (the batch is full).
     */
    boolean accept(byte[] bytes, long start, long end, boolean truncated);
  }

  /** Eight bytes at a time, little-endian: the first byte in memory is the lowest. */
  private static final VarHandle LONGS = MethodHandles.byteArrayViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final long NEWLINES = 0x0A0A0A0A0A0A0A0AL;
  private static final long LOW_BITS = 0x0101010101010101L;
  private static final long HIGH_BITS = 0x8080808080808080L;

  private final int maxLineLength;
  private byte[] held = new byte[0];
  private int heldLength;
  private long heldStart;
  private long skipped;
  private long position;

  LineSplitter(int maxLineLength, long position) {
    this.maxLineLength = maxLineLength;
    reset(position);
  }

  /** Forgets held bytes and continues from {@code position} (a line start). */
  void reset(long position) {
    this.position = position;
    heldStart = position;
    heldLength = 0;
    skipped = 0;
    if (held.length > 64 * 1024) {
      held = new byte[0];
    }
  }

  /** The file offset of the next byte this splitter expects. */
  long position() {
    return position;
  }

  /** Bytes held after the last newline (an unterminated line so far, including skipped ones). */
  long pendingBytes() {
    return heldLength + skipped;
  }

  /** Where the held, unterminated line starts. */
  long pendingStart() {
    return heldStart;
  }

  /**
   * Splits {@code buf[from, to)}, the bytes at {@link #position()}. Returns how many bytes were
   * consumed: all of them, or up to the end of the line at which {@code sink} said stop.
   */
  int split(byte[] buf, int from, int to, LineSink sink) {
    int segment = from;
    int i = indexOfNewline(buf, from, to);
    if (i >= 0 && (heldLength > 0 || skipped > 0)) {
      boolean go = finishHeld(buf, segment, i, position + (i - from) + 1, sink);
      segment = i + 1;
      if (!go) {
        return consumed(segment - from);
      }
      i = indexOfNewline(buf, segment, to);
    }
    // From here every line starts in buf and nothing is held: the loop the source spends its time in.
    long offset = position - from;
    for (; i >= 0; i = indexOfNewline(buf, segment, to)) {
      int stop = i > segment && buf[i - 1] == '\r' ? i - 1 : i;
      boolean truncated = stop - segment > maxLineLength;
      byte[] bytes = Arrays.copyOfRange(buf, segment, truncated ? segment + maxLineLength : stop);
      long start = offset + segment;
      segment = i + 1;
      heldStart = offset + segment;
      if (!sink.accept(bytes, start, heldStart, truncated)) {
        return consumed(segment - from);
      }
    }
    hold(buf, segment, to);
    return consumed(to - from);
  }

  private int consumed(int used) {
    position += used;
    return used;
  }

  /**
   * The first '\n' in {@code buf[from, to)}, or -1. Looks at 32 bytes per step (the source's
   * thread spends much of its time here): a word XORed with newlines has a zero byte where a
   * newline was, and the lowest flagged byte of the classic zero-byte test is always a true one.
   */
  static int indexOfNewline(byte[] buf, int from, int to) {
    int i = from;
    // Four words per step, their zero-byte tests ORed before the one mask and branch (the test is
    // exact per word, so the OR is exact for the step); the word loop below finds which byte.
    for (; i + 4 * Long.BYTES <= to; i += 4 * Long.BYTES) {
      long a = (long) LONGS.get(buf, i) ^ NEWLINES;
      long b = (long) LONGS.get(buf, i + Long.BYTES) ^ NEWLINES;
      long c = (long) LONGS.get(buf, i + 2 * Long.BYTES) ^ NEWLINES;
      long d = (long) LONGS.get(buf, i + 3 * Long.BYTES) ^ NEWLINES;
      long any = ((a - LOW_BITS) & ~a) | ((b - LOW_BITS) & ~b) | ((c - LOW_BITS) & ~c) | ((d - LOW_BITS) & ~d);
      if ((any & HIGH_BITS) != 0) {
        break;
      }
    }
    for (; i + Long.BYTES <= to; i += Long.BYTES) {
      long w = (long) LONGS.get(buf, i) ^ NEWLINES;
      long found = (w - LOW_BITS) & ~w & HIGH_BITS;
      if (found != 0) {
        return i + (Long.numberOfTrailingZeros(found) >>> 3);
      }
    }
    for (; i < to; i++) {
      if (buf[i] == '\n') {
        return i;
      }
    }
    return -1;
  }

  /** The held, unterminated line as a line ending at {@link #position()}; the splitter is reset. */
  Line flushPending() {
    Line line = new Line(Arrays.copyOf(held, heldLength), heldStart, position, skipped > 0);
    reset(position);
    return line;
  }

  /** Hands the held line, which ends at {@code newline}, to the sink; returns what the sink said. */
  private boolean finishHeld(byte[] buf, int from, int newline, long end, LineSink sink) {
    hold(buf, from, newline);
    int len = heldLength;
    if (skipped == 0 && len > 0 && held[len - 1] == '\r') {
      len--;
    }
    boolean truncated = skipped > 0 || len > maxLineLength;
    byte[] bytes = Arrays.copyOf(held, Math.min(len, maxLineLength));
    long start = heldStart;
    heldLength = 0;
    skipped = 0;
    heldStart = end;
    return sink.accept(bytes, start, end, truncated);
  }

  private void hold(byte[] buf, int from, int to) {
    int n = to - from;
    if (n <= 0) {
      return;
    }
    // A '\r' at the limit may still be the line's terminator, so one byte more is kept.
    int room = maxLineLength + 1 - heldLength;
    int keep = Math.max(0, Math.min(n, room));
    if (keep > 0) {
      if (held.length < heldLength + keep) {
        held = Arrays.copyOf(held, Math.min(maxLineLength + 1, Math.max(heldLength + keep, held.length * 2 + 256)));
      }
      System.arraycopy(buf, from, held, heldLength, keep);
      heldLength += keep;
    }
    skipped += n - keep;
  }
}
