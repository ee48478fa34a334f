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
    assertEquals(SizePolling.MAX_PERIOD_NANOS, SizePolling.periodNanos(1_000));
    assertEquals(SizePolling.MAX_PERIOD_NANOS, SizePolling.periodNanos(20_000));
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
    p.filesChanged(2 * 900);
    assertFalse(p.update(3 * SECOND, 1_000));
    assertTrue(p.on());
    // The writers slowed: 300 grown files cost less than half the polls.
    p.filesChanged(300);
    assertTrue(p.update(4 * SECOND, 1_000));
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
