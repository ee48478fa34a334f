package io.sluice.core.processing.interceptor;

/**
 * The value of the conservation header, {@code <origin>:<epoch>:<n>}: who stamped the event, which
 * start of that stamper (so a restart is neither a gap nor a duplicate), and the event's number in
 * that start. The origin may itself contain colons; the last two fields are the numbers.
 *
 * @param stream {@code <origin>:<epoch>}, the unit numbers are counted in
 * @param number n, from 0
 */
public record SequenceStamp(String stream, long number) {

  /** The value of {@code number} in {@code stream}. */
  public static String format(String streamPrefix, long number) {
    return streamPrefix + number;
  }

  /** Parses a header value; null when it is absent or not of the form above. */
  public static SequenceStamp parse(String value) {
    if (value == null) {
      return null;
    }
    int last = value.lastIndexOf(':');
    int epochColon = last > 0 ? value.lastIndexOf(':', last - 1) : -1;
    if (epochColon <= 0 || !digits(value, epochColon + 1, last) || !digits(value, last + 1,
        value.length()) || value.length() - last - 1 > 18) {
      return null;
    }
    return new SequenceStamp(value.substring(0, last), Long.parseLong(value, last + 1,
        value.length(), 10));
  }

  private static boolean digits(String s, int from, int to) {
    if (from >= to) {
      return false;
    }
    for (int i = from; i < to; i++) {
      char c = s.charAt(i);
      if (c < '0' || c > '9') {
        return false;
      }
    }
    return true;
  }
}
