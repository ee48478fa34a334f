package io.sluice.core.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.api.Status;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.testutil.Configs;
import io.sluice.core.testutil.MutableClock;
import io.sluice.core.testutil.TestChannelProcessor;
import io.sluice.core.testutil.TestQueueChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DemoSourceTest {
  private final TestQueueChannel channel = new TestQueueChannel("c1", 1000);
  private final MetricsRegistry metrics = new MetricsRegistry();
  private final MutableClock clock = new MutableClock(1_000_000);

  private DemoSource source(Map<String, String> raw) {
    DemoSourceFactory f = new DemoSourceFactory();
    return (DemoSource) f.create(Configs.configure(f, raw),
        DefaultComponentContext.builder("edge1", "r1", metrics.group("SOURCE.r1"))
            .clock(clock).channelProcessor(new TestChannelProcessor(channel)).build());
  }

  private static List<String> bodies(List<Event> events) {
    return events.stream().map(e -> new String(e.getBody(), StandardCharsets.UTF_8)).toList();
  }

  @Test
  void producesRateEventsPerSecondNumberedAndPadded() {
    DemoSource s = source(Map.of("rate", "100", "eventSize", "40", "batchSize", "30"));
    assertEquals(Status.BACKOFF, s.process(), "nothing is due at time zero");
    clock.advanceMillis(500);
    while (s.process() == Status.READY) {
      // drain what is due
    }
    List<String> bodies = bodies(channel.drain());
    assertEquals(50, bodies.size(), "100/s for 0.5 s");
    assertEquals("edge1 0 1000500 " + "x".repeat(40 - 16), bodies.get(0));
    assertTrue(bodies.stream().allMatch(b -> b.length() == 40), bodies.toString());
    assertTrue(bodies.get(49).startsWith("edge1 49 "), bodies.get(49));
    assertEquals(50, metrics.value("SOURCE.r1", "EventAcceptedCount"));
    assertEquals(100, s.backoffSleepIncrement(), "30 events are due every 300 ms; poll at most every 100 ms");
  }

  @Test
  void doesNotBurstMoreThanOneSecondAfterFallingBehind() {
    DemoSource s = source(Map.of("rate", "10", "batchSize", "1000", "prefix", "p"));
    clock.advanceMillis(60_000);
    s.process();
    assertEquals(0, channel.drain().size(), "a minute of debt is forgotten, not sent at once");
    clock.advanceMillis(1000);
    s.process();
    List<String> bodies = bodies(channel.drain());
    assertEquals(10, bodies.size());
    assertTrue(bodies.get(0).startsWith("p 0 "), bodies.get(0));
  }
}
