package io.sluice.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prometheus.metrics.model.snapshots.Labels;
import io.sluice.api.Event;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Event ages from the timestamp header, against a fixed clock. */
class EventAgeRecorderTest {
  private static final long NOW = 1_700_000_000_000L;

  private static Event stamped(String value) {
    return Event.of(Map.of("timestamp", value), new byte[0]);
  }

  @Test
  void agesGoToTheirBucketsAndEventsWithoutADigitStampAreUnknown() {
    EventAgeRecorder ages = new EventAgeRecorder(() -> NOW);
    ages.record(List.of(stamped(Long.toString(NOW - 3)), stamped(Long.toString(NOW - 7_000)),
        stamped(Long.toString(NOW + 60_000)), // a sender's clock ahead of ours: age 0
        Event.of(new byte[0]), stamped("12:00"), stamped(""), stamped("-5"),
        stamped("1234567890123456789012")));
    SecondsHistogram h = ages.histogram();
    assertEquals(3, h.count());
    assertEquals(7.003, h.sum(), 1e-9);
    assertEquals(5, ages.unknown());
    long[] buckets = h.snapshot(Labels.EMPTY)
        .getClassicBuckets().stream().mapToLong(b -> b.getCount()).toArray();
    assertEquals(2, buckets[0], "0.003 s and 0 s are in the first bucket (5 ms)");
    assertEquals(1, buckets[h.bucketOf(7.0)]);
    assertEquals(h.bucketOf(10.0), h.bucketOf(7.0), "7 s is in the 10 s bucket");
  }

  @Test
  void bucketBoundsAreInclusiveAndEverythingFitsUnderInfinity() {
    SecondsHistogram h = new SecondsHistogram(new double[] {0.1, 1, Double.POSITIVE_INFINITY});
    assertEquals(0, h.bucketOf(0));
    assertEquals(0, h.bucketOf(0.1));
    assertEquals(1, h.bucketOf(0.1000001));
    assertEquals(1, h.bucketOf(1));
    assertEquals(2, h.bucketOf(1e12));
    h.observeNanos(500_000_000L);
    assertEquals(1, h.count());
    assertEquals(0.5, h.sum(), 1e-12);
  }

  @Test
  void onlyDigitsParse() {
    assertEquals(1700000000000L, EventAgeRecorder.epochMillis("1700000000000"));
    assertEquals(-1, EventAgeRecorder.epochMillis(null));
    assertEquals(-1, EventAgeRecorder.epochMillis("17e11"));
    assertEquals(-1, EventAgeRecorder.epochMillis(" 17"));
  }
}
