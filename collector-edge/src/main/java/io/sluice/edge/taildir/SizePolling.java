package io.sluice.edge.taildir;

/**
 * Decides when the source stops taking one file event per write and instead looks at the sizes of
 * its open files every short period, and how long that period is.
 *
 * <p>The OS sends an event for every {@code write(2)} to a watched file (the kernel merges only
 * repeats of the last unread one), and each costs the JDK's watch thread and the source several
 * times a size check ({@code fstat}). When the events of a window cost more than twice what polling
 * every open file would, the source polls; it goes back to events when the files that grew between
 * polls (the fewest events writers could have caused) cost under half of it. The period grows with
 * the number of files, so that more lines are read per look (each file's turn, its read, marker
 * check, transaction share and journal record, costs about as much as its lines), and stays well
 * below a second of latency: 0.4 s at 1,000 files and more. Directory events (create, delete, rename) are always taken. Owned by the source's thread.
 */
final class SizePolling {
  static final long MIN_PERIOD_NANOS = 20_000_000L;
  static final long MAX_PERIOD_NANOS = 400_000_000L;
  private static final long PERIOD_NANOS_PER_FILE = 400_000L;
  /** A file event costs about as much as this many size checks (JDK watch thread plus source). */
  static final int EVENT_COST_IN_CHECKS = 4;
  static final long WINDOW_NANOS = 1_000_000_000L;

  private boolean on;
  private long windowStart;
  private long events;
  private long grown;

  SizePolling(long nowNanos) {
    this.windowStart = nowNanos;
  }

  boolean on() {
    return on;
  }

  /** The time between two polls of {@code files} open files. */
  static long periodNanos(int files) {
    return Math.max(MIN_PERIOD_NANOS, Math.min(MAX_PERIOD_NANOS, files * PERIOD_NANOS_PER_FILE));
  }

  /** File events taken (repeats included), while events are on. */
  void eventsSeen(long n) {
    events += n;
  }

  /** Files a poll found grown (or shrunk). */
  void filesChanged(long n) {
    grown += n;
  }

  /**
   * Weighs the window that ended, if one did, for {@code files} open files; true when the mode
   * changed (the caller re-registers its directories).
   */
  boolean update(long nowNanos, int files) {
    long elapsed = nowNanos - windowStart;
    if (elapsed < WINDOW_NANOS) {
      return false;
    }
    double pollChecks = Math.max(1, files) * (double) elapsed / periodNanos(files);
    boolean next = on
        ? grown * EVENT_COST_IN_CHECKS >= pollChecks / 2
        : events * EVENT_COST_IN_CHECKS > pollChecks * 2;
    windowStart = nowNanos;
    events = 0;
    grown = 0;
    boolean changed = next != on;
    on = next;
    return changed;
  }
}
