package io.sluice.deploy.drill;

/**
 * When a drill's load settled before the fault, so that "before" is measured from steady state and
 * not from the start-up backlog (edges that queued while the aggregators came up deliver it all
 * at once in the first seconds, at many times the rate and with seconds of latency). Steady is the
 * first second from which the landed rate stays within {@link #TOLERANCE} of the generated rate
 * for {@link #SETTLE_SECONDS} whole seconds in a row; when that never happens before the fault,
 * the seconds since the rate was last within it (or else the last {@link #SETTLE_SECONDS} seconds)
 * are taken, and the report says so.
 *
 * @param fromSecond the first steady second of the drill (0 = the load's start)
 * @param settled false when the rate never settled and the fallback window was taken
 */
record SteadyState(int fromSecond, boolean settled) {
  static final double TOLERANCE = 0.2;
  static final int SETTLE_SECONDS = 3;

  /**
   * @param landedPerSecond events first seen in HDFS in each second of the drill
   * @param generatedPerSecond the rate the load generated at (events sent over the load window)
   * @param faultSecond the second the fault began in
   */
  static SteadyState of(long[] landedPerSecond, double generatedPerSecond, int faultSecond) {
    int end = Math.min(faultSecond, landedPerSecond.length);
    int run = 0;
    for (int s = 0; s < end && generatedPerSecond > 0; s++) {
      boolean within = Math.abs(landedPerSecond[s] - generatedPerSecond)
          <= TOLERANCE * generatedPerSecond;
      run = within ? run + 1 : 0;
      if (run == SETTLE_SECONDS) {
        return new SteadyState(s - SETTLE_SECONDS + 1, true);
      }
    }
    // Not settled for long enough: a run that began is still the best guess, else the last seconds.
    return new SteadyState(run > 0 ? end - run : Math.max(0, end - SETTLE_SECONDS), false);
  }

  long fromMillis() {
    return fromSecond * 1000L;
  }
}
