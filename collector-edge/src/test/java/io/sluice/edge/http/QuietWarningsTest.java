package io.sluice.edge.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayDeque;
import java.util.List;
import java.util.Queue;
import org.junit.jupiter.api.Test;
import org.slf4j.event.Level;
import org.slf4j.event.SubstituteLoggingEvent;
import org.slf4j.helpers.SubstituteLogger;

class QuietWarningsTest {
  private final Queue<SubstituteLoggingEvent> logged = new ArrayDeque<>();
  private long now = 5_000_000_000L;
  private final QuietWarnings warnings = new QuietWarnings(
      new SubstituteLogger("test", logged, false), 30_000, () -> now);

  @Test
  void oneWarnPerQuietPeriodTheRestAtDebugAndCounted() {
    IllegalStateException failure = new IllegalStateException("interceptor broke");
    for (int i = 0; i < 5; i++) {
      warnings.warn("source {}: request {} failed", "r1", i, failure);
      now += 1_000_000_000L;
    }
    now += 30_000_000_000L;
    warnings.warn("source {}: request {} failed", "r1", 99, failure);
    List<SubstituteLoggingEvent> events = List.copyOf(logged);
    assertEquals(List.of(Level.WARN, Level.DEBUG, Level.DEBUG, Level.DEBUG, Level.DEBUG,
        Level.WARN), events.stream().map(SubstituteLoggingEvent::getLevel).toList());
    assertSame(failure, events.get(0).getThrowable(), "the first keeps its stack trace");
    assertEquals("source {}: request {} failed (and 4 more like it since the last such line,"
        + " logged at DEBUG)", events.get(5).getMessage());
  }
}
