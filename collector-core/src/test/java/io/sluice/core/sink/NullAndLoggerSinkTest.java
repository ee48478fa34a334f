package io.sluice.core.sink;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.api.Sink;
import io.sluice.api.Status;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.testutil.Configs;
import io.sluice.core.testutil.TestQueueChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class NullAndLoggerSinkTest {
  private final TestQueueChannel channel = new TestQueueChannel("c1", 1000);
  private final MetricsRegistry metrics = new MetricsRegistry();

  private DefaultComponentContext ctx() {
    return DefaultComponentContext.builder("a1", "k1", metrics.group("SINK.k1")).channel(channel).build();
  }

  private void offer(int n) {
    List<Event> events = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      events.add(Event.of(Map.of("i", "" + i), ("e" + i).getBytes(StandardCharsets.UTF_8)));
    }
    channel.putAllCommitted(events);
  }

  @Test
  void nullSinkDrainsInBatches() throws Exception {
    NullSinkFactory f = new NullSinkFactory();
    Sink s = f.create(Configs.configure(f, Map.of("batchSize", "7")), ctx());
    offer(10);
    assertEquals(Status.READY, s.process());
    assertEquals(3, channel.size());
    assertEquals(Status.READY, s.process());
    assertEquals(Status.BACKOFF, s.process());
    assertEquals(0, channel.size());
    assertEquals(10, metrics.value("SINK.k1", "EventDrainSuccessCount"));
    assertEquals(1, metrics.value("SINK.k1", "BatchEmptyCount"));
    assertEquals(3, channel.commits());
  }

  @Test
  void loggerSinkDrainsWithDefaults() throws Exception {
    LoggerSinkFactory f = new LoggerSinkFactory();
    LoggerSinkConfig config = Configs.configure(f, Map.of());
    assertEquals(16, config.maxBytesToLog());
    assertEquals(100, config.batchSize());
    Sink s = f.create(config, ctx());
    offer(3);
    assertEquals(Status.READY, s.process());
    assertEquals(0, channel.size());
    assertEquals(3, metrics.value("SINK.k1", "EventDrainSuccessCount"));
  }

  @Test
  void eventDumpShowsHeadersHexAndTextPrefix() {
    Event e = Event.of(Map.of("h", "v"), "Hello\nworld, this is long".getBytes(StandardCharsets.US_ASCII));
    String dump = EventDump.dump(e, 6);
    assertEquals("Event: { headers:{h=v} body: 48 65 6c 6c 6f 0a Hello. ... (25 bytes) }", dump);
    assertTrue(EventDump.dump(Event.of(new byte[0]), 16).contains("body:"));
  }
}
