package io.sluice.core.metrics;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Properties;

/**
 * When an aggregator's channel counts as full for readiness: its fill (0–1) has stayed at or above
 * {@code fullAt} for {@code fullFor}; it counts as full until the fill falls below
 * {@code readyBelow}, so an aggregator that drains a little does not rejoin and leave its tier in a
 * loop. Read once from system properties, next to the monitoring server's. Immutable.
 *
 * @param fullAt fill ratio, above 0 and at most 1
 * @param readyBelow fill ratio below which the channel is no longer full; below {@code fullAt}
 * @param fullFor how long the fill must stay at or above {@code fullAt}; zero or more
 */
public record FullChannelLimits(double fullAt, double readyBelow, Duration fullFor) {
  /** System property: fill ratio (0–1) at which a channel starts to count as full. */
  public static final String FULL_AT_PROPERTY = "sluice.monitoring.ready.fullAt";
  /** System property: fill ratio (0–1) below which a full channel no longer counts as full. */
  public static final String READY_BELOW_PROPERTY = "sluice.monitoring.ready.readyBelow";
  /** System property: seconds (decimals allowed) the fill must stay at or above the mark. */
  public static final String FULL_FOR_PROPERTY = "sluice.monitoring.ready.fullForSeconds";

  public static final FullChannelLimits DEFAULTS =
      new FullChannelLimits(0.95, 0.80, Duration.ofSeconds(10));

  public FullChannelLimits {
    List<String> problems = check(fullAt, readyBelow, fullFor);
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
  }

  /**
   * The limits the system properties give, defaults for those unset.
   *
   * @throws IllegalArgumentException naming every bad property at once
   */
  public static FullChannelLimits fromSystemProperties(Properties p) {
    List<String> problems = new ArrayList<>();
    double at = ratio(p, FULL_AT_PROPERTY, DEFAULTS.fullAt, problems);
    double below = ratio(p, READY_BELOW_PROPERTY, DEFAULTS.readyBelow, problems);
    double seconds = number(p, FULL_FOR_PROPERTY, DEFAULTS.fullFor.toMillis() / 1000.0, problems);
    Duration fullFor = Duration.ofMillis(Math.round(seconds * 1000));
    if (problems.isEmpty()) {
      problems.addAll(check(at, below, fullFor));
    }
    if (!problems.isEmpty()) {
      throw new IllegalArgumentException(String.join("; ", problems));
    }
    return new FullChannelLimits(at, below, fullFor);
  }

  private static List<String> check(double at, double below, Duration fullFor) {
    List<String> out = new ArrayList<>();
    if (!(at > 0 && at <= 1)) {
      out.add(FULL_AT_PROPERTY + "=" + at + " must be above 0 and at most 1");
    }
    if (!(below >= 0 && below < at)) {
      out.add(READY_BELOW_PROPERTY + "=" + below + " must be at least 0 and below "
          + FULL_AT_PROPERTY + " (" + at + ")");
    }
    if (fullFor == null || fullFor.isNegative()) {
      out.add(FULL_FOR_PROPERTY + " must not be negative");
    }
    return out;
  }

  private static double ratio(Properties p, String key, double dflt, List<String> problems) {
    double v = number(p, key, dflt, problems);
    if (v < 0 || v > 1) {
      problems.add(key + "=" + p.getProperty(key) + " is not a ratio between 0 and 1");
    }
    return v;
  }

  private static double number(Properties p, String key, double dflt, List<String> problems) {
    String text = p.getProperty(key);
    if (text == null || text.isBlank()) {
      return dflt;
    }
    try {
      double v = Double.parseDouble(text.trim());
      if (Double.isNaN(v) || Double.isInfinite(v) || v < 0) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      problems.add(key + "=" + text + " is not a non-negative number");
      return dflt;
    }
  }

  /** "at or above 95% for 10 s; ready again below 80%", for problem lines and logs. */
  String describe() {
    return String.format(Locale.ROOT, "at or above %s for %s s; ready again below %s",
        percent(fullAt), seconds(fullFor), percent(readyBelow));
  }

  static String percent(double ratio) {
    return Math.round(ratio * 100) + "%";
  }

  private static String seconds(Duration d) {
    return d.toMillis() % 1000 == 0 ? Long.toString(d.toSeconds())
        : String.format(Locale.ROOT, "%.1f", d.toMillis() / 1000.0);
  }
}
