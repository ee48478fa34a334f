package io.sluice.deploy.drill;

/**
 * One measured time of a drill's report, in milliseconds: {@link #NOT_HAPPENED} when it did not
 * happen within the drill, {@link #NOT_APPLICABLE} when the fault has no such time (a ZooKeeper
 * stop moves no traffic, so it has no reroute). Immutable.
 *
 * @param label the report's row ("time to reroute")
 * @param key the JSON field ("rerouteMillis")
 */
public record Timing(String label, String key, long millis) {
  public static final long NOT_HAPPENED = -1;
  public static final long NOT_APPLICABLE = Long.MIN_VALUE;

  static Timing notApplicable(String label, String key) {
    return new Timing(label, key, NOT_APPLICABLE);
  }

  /** For the table: {@code 340 ms}, {@code -} or {@code n/a}. */
  String text() {
    return millis == NOT_APPLICABLE ? "n/a" : millis < 0 ? "-" : millis + " ms";
  }

  /** For the JSON: the number, -1, or {@code null} when not applicable. */
  String json() {
    return millis == NOT_APPLICABLE ? "null" : Long.toString(millis);
  }
}
