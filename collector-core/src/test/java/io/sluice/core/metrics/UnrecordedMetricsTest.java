package io.sluice.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.api.spi.ComponentMetrics;
import java.util.List;
import org.junit.jupiter.api.Test;

class UnrecordedMetricsTest {
  @Test
  void aRegistryThatDoesNotRecordCountsNothingAndAnOrdinaryOneDoes() {
    for (boolean recording : new boolean[] {true, false}) {
      ComponentMetrics m = new MetricsRegistry(recording).group("CHANNEL.c1");
      m.counter("EventPutSuccessCount").add(5);
      m.dropped(ComponentMetrics.DropReason.FILTERED).increment();
      ComponentMetrics.Histogram h = m.histogram(ComponentMetrics.Timing.CHANNEL_PUT_COMMIT);
      h.observeNanos(1_000_000);
      m.eventAges(ComponentMetrics.AgeStage.COMMIT).record(List.of());
      assertEquals(recording ? 5 : 0, m.counter("EventPutSuccessCount").get());
      assertEquals(recording ? 1 : 0, m.dropped(ComponentMetrics.DropReason.FILTERED).get());
      assertEquals(recording ? 1 : 0, h.count());
    }
  }
}
