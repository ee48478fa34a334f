package io.sluice.deploy.status;

import java.util.Locale;

/**
 * How far behind an agent is, in seconds: a delivery-age bucket bound or the age of the oldest
 * unread file data. Immutable.
 *
 * @param seconds the lag; negative when unknown
 * @param beyond true when it is past {@code seconds}, the last finite bucket bound
 */
record Lag(double seconds, boolean beyond) {
  static final Lag UNKNOWN = new Lag(-1, false);

  /** {@code 25ms}, {@code 2.5s}, {@code 5m}, {@code 6h}, {@code >1d}; {@code -} when unknown. */
  String text() {
    if (seconds < 0) {
      return "-";
    }
    return (beyond ? ">" : "") + (seconds < 1 ? unit(seconds * 1000, "ms")
        : seconds < 60 ? unit(seconds, "s") : seconds < 3600 ? unit(seconds / 60, "m")
        : seconds < 86400 ? unit(seconds / 3600, "h") : unit(seconds / 86400, "d"));
  }

  private static String unit(double value, String unit) {
    String v = value >= 10 ? String.format(Locale.ROOT, "%.0f", value)
        : String.format(Locale.ROOT, "%.1f", value);
    return (v.endsWith(".0") ? v.substring(0, v.length() - 2) : v) + unit;
  }
}
