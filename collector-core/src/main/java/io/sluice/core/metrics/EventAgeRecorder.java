package io.sluice.core.metrics;

import io.sluice.api.Event;
import io.sluice.api.spi.ComponentMetrics;
import java.util.List;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.LongSupplier;

/**
 * Event ages at one stage: now minus the {@code timestamp} header, tallied per batch on the
 * caller's stack in whole milliseconds and added to the histogram once per batch (one adder per
 * non-empty bucket). Per event that is a header lookup and, unless the value equals the previous
 * event's (events of a batch usually share their millisecond), a digit loop and a bucket search.
 * An event whose clock is ahead of ours counts as age 0 (a histogram takes no negative value).
 * Thread-safe.
 */
final class EventAgeRecorder implements ComponentMetrics.EventAges {
  static final String HEADER = "timestamp";

  private final SecondsHistogram ages;
  /** The histogram's upper bounds in whole milliseconds (each is a multiple of 1 ms). */
  private final long[] boundsMillis;
  private final LongAdder unknown = new LongAdder();
  private final LongSupplier clockMillis;

  EventAgeRecorder(LongSupplier clockMillis) {
    this.ages = new SecondsHistogram(SecondsHistogram.AGE_BOUNDS);
    this.boundsMillis = new long[SecondsHistogram.AGE_BOUNDS.length];
    for (int i = 0; i < boundsMillis.length; i++) {
      double b = SecondsHistogram.AGE_BOUNDS[i];
      boundsMillis[i] = Double.isInfinite(b) ? Long.MAX_VALUE : Math.round(b * 1000);
    }
    this.clockMillis = clockMillis;
  }

  @Override
  public void record(List<Event> events) {
    long now = 0; // read at the first stamped event: a batch without any costs no clock read
    long[] tally = null;
    long sumMillis = 0;
    int none = 0;
    String last = null;
    long lastAge = 0;
    int lastBucket = 0;
    for (Event e : events) {
      String value = e.header(HEADER);
      if (value == null) {
        none++;
        continue;
      }
      if (!value.equals(last)) {
        long stamp = epochMillis(value);
        if (stamp < 0) {
          none++;
          continue;
        }
        if (tally == null) {
          now = clockMillis.getAsLong();
          tally = new long[boundsMillis.length];
        }
        last = value;
        lastAge = Math.max(0, now - stamp);
        lastBucket = bucketOf(lastAge);
      }
      tally[lastBucket]++;
      sumMillis += lastAge;
    }
    if (none > 0) {
      unknown.add(none);
    }
    if (tally != null) {
      ages.add(tally, sumMillis / 1000.0);
    }
  }

  private int bucketOf(long ageMillis) {
    int i = 0;
    while (ageMillis > boundsMillis[i]) {
      i++; // ages are mostly small: the first buckets are found first
    }
    return i;
  }

  /** The header's epoch milliseconds, or -1 when absent, empty, not all digits or too long. */
  static long epochMillis(String value) {
    if (value == null || value.isEmpty() || value.length() > 18) {
      return -1;
    }
    long v = 0;
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      v = v * 10 + (c - '0');
    }
    return v;
  }

  SecondsHistogram histogram() {
    return ages;
  }

  long unknown() {
    return unknown.sum();
  }
}
