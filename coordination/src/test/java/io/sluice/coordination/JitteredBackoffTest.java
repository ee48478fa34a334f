package io.sluice.coordination;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.LongUnaryOperator;
import org.junit.jupiter.api.Test;

class JitteredBackoffTest {
  private static final LongUnaryOperator LOWEST = bound -> 0;
  private static final LongUnaryOperator HIGHEST = bound -> bound - 1;

  private static JitteredBackoff backoff(LongUnaryOperator random) {
    return new JitteredBackoff(Duration.ofSeconds(5), Duration.ofMillis(500),
        Duration.ofSeconds(30), random);
  }

  @Test
  void resyncDelaysSpreadOverTheWholeWindowAndStayBelowIt() {
    JitteredBackoff b = backoff(new SplittableRandom(7)::nextLong);
    List<Long> delays = new ArrayList<>();
    for (int i = 0; i < 1_000; i++) {
      delays.add(b.resyncDelay().toMillis());
    }
    assertTrue(delays.stream().allMatch(d -> d >= 0 && d < 5_000), delays.toString());
    long min = delays.stream().mapToLong(Long::longValue).min().orElseThrow();
    long max = delays.stream().mapToLong(Long::longValue).max().orElseThrow();
    assertTrue(min < 100 && max > 4_900, "spread over [0, 5 s): " + min + ".." + max);
    assertTrue(delays.stream().distinct().count() > 500, "not a handful of values");
  }

  @Test
  void theSameSeedGivesTheSameDelays() {
    JitteredBackoff a = backoff(new SplittableRandom(42)::nextLong);
    JitteredBackoff b = backoff(new SplittableRandom(42)::nextLong);
    for (int i = 0; i < 20; i++) {
      assertEquals(a.resyncDelay(), b.resyncDelay());
      assertEquals(a.retryDelay(i + 1), b.retryDelay(i + 1));
    }
  }

  @Test
  void zeroJitterResyncsAtOnceWithoutDrawing() {
    JitteredBackoff none = new JitteredBackoff(Duration.ZERO, Duration.ofMillis(500),
        Duration.ofSeconds(30), bound -> {
          throw new AssertionError("no draw expected, got one with bound " + bound);
        });
    assertEquals(Duration.ZERO, none.resyncDelay());
  }

  @Test
  void retryDelaysDoubleFromHalfTheBaseUpToTheCap() {
    JitteredBackoff low = backoff(LOWEST);
    JitteredBackoff high = backoff(HIGHEST);
    long[] bounds = {500, 1_000, 2_000, 4_000, 8_000, 16_000, 30_000, 30_000};
    for (int f = 1; f <= bounds.length; f++) {
      long bound = bounds[f - 1];
      assertEquals(bound / 2, low.retryDelay(f).toMillis(), "lowest after " + f + " failures");
      assertEquals(bound - 1, high.retryDelay(f).toMillis(), "highest after " + f + " failures");
    }
    // Far past the cap the shift must not overflow into a negative or tiny delay.
    assertEquals(15_000, low.retryDelay(1_000).toMillis());
    assertEquals(29_999, high.retryDelay(Integer.MAX_VALUE).toMillis());
  }

  @Test
  void badSettingsAreRefusedWithTheirValues() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> new JitteredBackoff(Duration.ofMillis(-1), Duration.ofMillis(500),
            Duration.ofSeconds(30), LOWEST));
    assertTrue(e.getMessage().contains("jitter"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> new JitteredBackoff(Duration.ZERO,
        Duration.ofSeconds(40), Duration.ofSeconds(30), LOWEST));
    assertTrue(e.getMessage().contains("PT40S"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class, () -> backoff(LOWEST).retryDelay(0));
    assertTrue(e.getMessage().contains("at least 1"), e.getMessage());
  }

  @Test
  void aRandomSourceOutOfRangeIsCaught() {
    IllegalStateException e = assertThrows(IllegalStateException.class,
        () -> backoff(bound -> bound).resyncDelay());
    assertTrue(e.getMessage().contains("5000"), e.getMessage());
  }

  @Test
  void defaultsAreFiveSecondsOfJitterAndRetriesUpToThirtySeconds() {
    JitteredBackoff d = JitteredBackoff.defaults();
    assertEquals(Duration.ofSeconds(5), d.maxJitter());
    for (int i = 0; i < 100; i++) {
      long r = d.resyncDelay().toMillis();
      assertTrue(r >= 0 && r < 5_000, "resync " + r);
      long first = d.retryDelay(1).toMillis();
      assertTrue(first >= 250 && first < 500, "first retry " + first);
      long late = d.retryDelay(50).toMillis();
      assertTrue(late >= 15_000 && late < 30_000, "late retry " + late);
    }
    assertEquals(Duration.ofSeconds(2), JitteredBackoff.withMaxJitter(Duration.ofSeconds(2))
        .withRandom(LOWEST).maxJitter());
  }
}
