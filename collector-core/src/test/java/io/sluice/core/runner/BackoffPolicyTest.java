package io.sluice.core.runner;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class BackoffPolicyTest {

  @Test
  void sinkDefaultGrowsBySecondsUpToFive() {
    BackoffPolicy p = BackoffPolicy.sinkDefault();
    assertEquals(0, p.delayMillis(0));
    assertEquals(1000, p.delayMillis(1));
    assertEquals(2000, p.delayMillis(2));
    assertEquals(5000, p.delayMillis(5));
    assertEquals(5000, p.delayMillis(6));
  }

  @Test
  void initialAndIncrementDiffer() {
    BackoffPolicy p = new BackoffPolicy(50, 10, 75);
    assertEquals(50, p.delayMillis(1));
    assertEquals(60, p.delayMillis(2));
    assertEquals(75, p.delayMillis(4));
  }

  @Test
  void longStreakNeverOverflows() {
    BackoffPolicy p = BackoffPolicy.linear(Long.MAX_VALUE / 2, Long.MAX_VALUE);
    assertEquals(Long.MAX_VALUE, p.delayMillis(Integer.MAX_VALUE));
  }

  @Test
  void negativeTimesAreRejected() {
    assertThrows(IllegalArgumentException.class, () -> BackoffPolicy.linear(-1, 10));
  }
}
