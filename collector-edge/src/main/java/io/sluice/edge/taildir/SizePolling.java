package io.sluice.edge.taildir;

/**
 * Decides when the source stops taking one file event per write and instead looks at the sizes of
 * its open files, and how often it looks at each.
 *
 * <p>The OS sends an event for every {@code write(2)} to a watched file (the kernel merges only
 * repeats of the last unread one), and each costs the JDK's watch thread and the source several
 * times a size check ({@code fstat}). When the events of a window cost more than twice what polling
 * every open file would, the source polls; it goes back to events when the files that grew between
 * polls (the fewest events writers could have caused) cost under half of the checks made. Each file
 * has a period of its own that follows its write rate ({@link #nextPeriod}): a look at a file (its
 * turn: the read, marker check, transaction share and journal record) costs about as much as tens
 * of lines, so a file is looked at about when {@link #TARGET_BYTES} have gathered, from every 20 ms
 * for a fast writer to at most {@link #MAX_PERIOD_NANOS}, which bounds the latency well below a
 * second. Directory events (create, delete, rename) are always taken. Owned by the source's thread.
 */
final class SizePolling {
  static final long MIN_PERIOD_NANOS = 20_000_000L;
  static final long MAX_PERIOD_NANOS = 600_000_000L;
  /** What a look at a file should find, about: 64 lines of 256 bytes. */
  static final long TARGET_BYTES = 16 * 1024;
  private static final long PERIOD_NANOS_PER_FILE = 400_000L;
  /** A file event costs about as much as this many size checks (JDK watch thread plus source). */
  static final int EVENT_COST_IN_CHECKS = 4;
  static final long WINDOW_NANOS = 1_000_000_000L;

  private boolean on;
  private long windowStart;
  private long events;
  private long grown;
  private long checks;

  SizePolling(long nowNanos) {
    this.windowStart = nowNanos;
  }

  boolean on() {
    return on;
  }

  /**
   * What polling {@code files} open files would cost, as the time between two looks at each: the
   * estimate that weighs events before polling starts (afterwards the checks made are counted).
   */
  static long periodNanos(int files) {
    return Math.max(MIN_PERIOD_NANOS, Math.min(MAX_PERIOD_NANOS, files * PERIOD_NANOS_PER_FILE));
  }

  /**
   * A file's next period after a look that found it {@code grownBytes} larger than the look
   * {@code elapsedNanos} before: halfway from the last period to the one at which a look finds
   * {@link #TARGET_BYTES} at the rate just seen, within the bounds; doubled (to the bound) when it
   * did not grow.
   */
  static long nextPeriod(long periodNanos, long grownBytes, long elapsedNanos) {
    long next;
    if (grownBytes <= 0) {
      next = periodNanos * 2;
    } else {
      double want = (double) elapsedNanos * TARGET_BYTES / grownBytes;
      next = (long) ((periodNanos + Math.min(want, (double) MAX_PERIOD_NANOS)) / 2);
    }
    return Math.max(MIN_PERIOD_NANOS, Math.min(MAX_PERIOD_NANOS, next));
  }

  /** File events taken (repeats included), while events are on. */
  void eventsSeen(long n) {
    events += n;
  }

  /** A poll checked {@code checked} files and found {@code changed} of them grown (or shrunk). */
  void polled(long checked, long changed) {
    checks += checked;
    grown += changed;
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
        ? checks > 0 && grown * EVENT_COST_IN_CHECKS >= checks / 2.0
        : events * EVENT_COST_IN_CHECKS > pollChecks * 2;
    windowStart = nowNanos;
    events = 0;
    grown = 0;
    checks = 0;
    boolean changed = next != on;
    on = next;
    return changed;
  }
}
