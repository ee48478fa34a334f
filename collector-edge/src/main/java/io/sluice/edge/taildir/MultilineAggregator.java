package io.sluice.edge.taildir;

import java.io.ByteArrayOutputStream;

/**
 * Joins the lines of one file into multiline events ({@link MultilineConfig}), bounded by
 * {@code maxLines} and {@code maxBytes}. An event's end is its last line's end, so a position
 * never lands inside an event: a restart re-reads an unfinished event whole. Owned by the
 * source's thread, one per file.
 */
final class MultilineAggregator {
  private final MultilineConfig config;
  private final int maxBytes;
  private final ByteArrayOutputStream joined = new ByteArrayOutputStream();
  private int lines;
  private long start;
  private long end;
  private boolean truncated;

  MultilineAggregator(MultilineConfig config, int maxBytes) {
    this.config = config;
    this.maxBytes = maxBytes;
  }

  boolean pending() {
    return lines > 0;
  }

  void reset() {
    joined.reset();
    lines = 0;
    truncated = false;
  }

  /** Takes the next line; returns an event it completed, or null. */
  LineSplitter.Line offer(LineSplitter.Line line) {
    boolean continuation = config.isContinuation(line.bytes());
    if (config.after()) {
      LineSplitter.Line done = null;
      if (!continuation && pending()) {
        done = flush();
      }
      add(line);
      return done;
    }
    add(line);
    return continuation ? null : flush();
  }

  /** The event being joined, complete as it is; null when there is none. */
  LineSplitter.Line flush() {
    if (!pending()) {
      return null;
    }
    LineSplitter.Line out = new LineSplitter.Line(joined.toByteArray(), start, end, truncated);
    reset();
    return out;
  }

  private void add(LineSplitter.Line line) {
    if (lines == 0) {
      start = line.start();
    }
    end = line.end();
    truncated |= line.truncated();
    if (lines >= config.maxLines()) {
      truncated = true;
      return;
    }
    int room = maxBytes - joined.size() - (lines > 0 ? 1 : 0);
    if (room <= 0) {
      truncated = true;
    } else {
      if (lines > 0) {
        joined.write('\n');
      }
      int n = Math.min(room, line.bytes().length);
      joined.write(line.bytes(), 0, n);
      truncated |= n < line.bytes().length;
    }
    lines++;
  }
}
