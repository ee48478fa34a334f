package io.sluice.edge.exec;

/**
 * The exec source's fixed timings, which are not Flume keys; tests shorten them.
 *
 * @param retryInitialMillis first wait before a refused batch is offered again
 * @param retryMaxMillis the retry wait doubles up to this
 * @param stopFlushMillis how long {@code stop()} keeps committing what was read before it gives up
 * @param killGraceMillis how long a terminated child gets before it is killed forcibly
 */
record ExecTimings(long retryInitialMillis, long retryMaxMillis, long stopFlushMillis, long killGraceMillis) {
  static final ExecTimings DEFAULTS = new ExecTimings(10, 1000, 5000, 5000);
}
