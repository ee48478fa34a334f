package io.sluice.edge.taildir;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** When the source trades per-write file events for size polls, and back. */
class SizePollingTest {
  private static final long SECOND = SizePolling.WINDOW_NANOS;

  @Test
  void thePeriodGrowsWithTheFilesWithinItsBounds() {
    assertEquals(SizePolling.MIN_PERIOD_NANOS, SizePolling.periodNanos(0));
    assertEquals(SizePolling.MIN_PERIOD_NANOS, SizePolling.periodNanos(10));
    assertEquals(200_000_000L, SizePolling.periodNanos(500));
    assertEquals(SizePolling.MAX_PERIOD_NANOS, SizePolling.periodNanos(1_500));
    assertEquals(SizePolling.MAX_PERIOD_NANOS, SizePolling.periodNanos(20_000));
  }

  @Test
  void eachFilesPeriodFollowsItsWriteRateWithinItsBounds() {
    long ms = 1_000_000L;
    // 10 lines of 256 bytes a second: a look every 600 ms finds 1.5 KiB, far below the target.
    assertEquals(SizePolling.MAX_PERIOD_NANOS, SizePolling.nextPeriod(SizePolling.MAX_PERIOD_NANOS, 1_536, 600 * ms));
    // 10,000 lines a second (2.5 MB/s): every 20 ms, which finds 50 KiB.
    assertEquals(SizePolling.MIN_PERIOD_NANOS, SizePolling.nextPeriod(SizePolling.MIN_PERIOD_NANOS, 51_200, 20 * ms));
    // 256 KB/s: the target takes 64 ms; the period moves halfway there from 20 ms, then closer.
    long p = SizePolling.nextPeriod(20 * ms, 5_120, 20 * ms);
    assertEquals(42 * ms, p);
    for (int i = 0; i < 20; i++) {
      p = SizePolling.nextPeriod(p, 256_000 * p / 1_000_000_000L, p);
    }
    assertTrue(Math.abs(p / ms - 64) <= 1, p / ms + " ms");
    // A look that found nothing doubles the period, up to its bound.
    assertEquals(40 * ms, SizePolling.nextPeriod(20 * ms, 0, 20 * ms));
    assertEquals(SizePolling.MAX_PERIOD_NANOS, SizePolling.nextPeriod(SizePolling.MAX_PERIOD_NANOS, 0, 600 * ms));
  }

  @Test
  void manyEventsTurnPollingOnFewGrownFilesTurnItOff() {
    SizePolling p = new SizePolling(0);
    // 1,000 files polled 2.5 times a second: 2,500 checks; events cost 4 checks each.
    p.eventsSeen(1_200);
    assertFalse(p.update(SECOND / 2, 1_000), "no decision before a window ended");
    assertFalse(p.update(SECOND, 1_000), "1,200 events cost less than twice the polls");
    assertFalse(p.on());
    p.eventsSeen(1_300);
    assertTrue(p.update(2 * SECOND, 1_000));
    assertTrue(p.on());
    // Polling: each poll finds most files grown, which events would have cost more.
    p.polled(2_000, 1_800);
    assertFalse(p.update(3 * SECOND, 1_000));
    assertTrue(p.on());
    // The writers slowed: 200 grown files cost less than half of the 2,000 checks.
    p.polled(2_000, 200);
    assertTrue(p.update(4 * SECOND, 1_000));
    assertFalse(p.on());
  }

  @Test
  void aWindowWithoutChecksEndsPolling() {
    SizePolling p = new SizePolling(0);
    p.eventsSeen(100_000);
    assertTrue(p.update(SECOND, 1_000));
    // Every file closed (idle): nothing polled, so file events must come back.
    assertTrue(p.update(2 * SECOND, 0));
    assertFalse(p.on());
  }

  @Test
  void aQuietSourceNeverPolls() {
    SizePolling p = new SizePolling(0);
    for (int s = 1; s <= 5; s++) {
      p.eventsSeen(10);
      assertFalse(p.update(s * SECOND, 1));
    }
    assertFalse(p.on());
  }
}
