package io.sluice.edge.syslog;

import java.util.Locale;

/**
 * Flume's {@code keepFields}: which parsed header fields stay in the event body. {@code none} or
 * {@code false} (the default) keeps none, {@code all} or {@code true} keeps the whole message as
 * received, and otherwise each of {@code priority}, {@code version}, {@code timestamp} and
 * {@code hostname} that occurs in the value (Flume's substring test) is put back in front of the
 * body. Immutable.
 */
record KeepFields(boolean all, boolean priority, boolean version, boolean timestamp, boolean hostname) {
  static final KeepFields NONE = new KeepFields(false, false, false, false, false);

  static KeepFields parse(String value) {
    if (value == null) {
      return NONE;
    }
    String v = normal(value);
    if (meansNone(v)) {
      return NONE;
    }
    if (meansAll(v)) {
      return new KeepFields(true, false, false, false, false);
    }
    return new KeepFields(false, v.contains("priority"), v.contains("version"), v.contains("timestamp"),
        v.contains("hostname"));
  }

  /**
   * True for a value Flume reads as "keep none" although it does not say so: not none, false,
   * all, true or empty, and naming none of the four fields (a typo such as {@code host}).
   */
  static boolean namesNothing(String value) {
    if (value == null) {
      return false;
    }
    String v = normal(value);
    return !meansNone(v) && !meansAll(v) && !parse(value).any();
  }

  private static String normal(String value) {
    return value.trim().toLowerCase(Locale.ENGLISH);
  }

  private static boolean meansNone(String v) {
    return v.isEmpty() || v.equals("false") || v.equals("none");
  }

  private static boolean meansAll(String v) {
    return v.equals("true") || v.equals("all");
  }

  boolean any() {
    return priority || version || timestamp || hostname;
  }

  /** Flume's {@code SyslogUtils.addFieldsToBody}: the kept fields in front of the body. */
  String addTo(String body, String pri, String ver, String stamp, String host) {
    String b = body;
    if (hostname) {
      b = host + " " + b;
    }
    if (timestamp) {
      b = stamp + " " + b;
    }
    if (version && ver != null && !ver.isEmpty()) {
      b = ver + " " + b;
    }
    if (priority) {
      b = "<" + pri + ">" + b;
    }
    return b;
  }
}
