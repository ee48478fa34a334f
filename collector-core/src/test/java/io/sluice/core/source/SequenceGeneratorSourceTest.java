package io.sluice.core.source;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.api.Event;
import io.sluice.api.Status;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.testutil.Configs;
import io.sluice.core.testutil.TestChannelProcessor;
import io.sluice.core.testutil.TestQueueChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.LongStream;
import org.junit.jupiter.api.Test;

class SequenceGeneratorSourceTest {
  private final TestQueueChannel channel = new TestQueueChannel("c1", 10);
  private final MetricsRegistry metrics = new MetricsRegistry();

  private SequenceGeneratorSource source(Map<String, String> raw) {
    SequenceGeneratorSourceFactory f = new SequenceGeneratorSourceFactory();
    return (SequenceGeneratorSource) f.create(Configs.configure(f, raw),
        DefaultComponentContext.builder("a1", "r1", metrics.group("SOURCE.r1"))
            .channelProcessor(new TestChannelProcessor(channel)).build());
  }

  private static List<Long> numbers(List<Event> events) {
    List<Long> out = new ArrayList<>();
    events.forEach(e -> out.add(Long.parseLong(new String(e.getBody(), StandardCharsets.UTF_8))));
    return out;
  }

  @Test
  void refusedBatchIsRetriedWithTheSameNumbers() {
    SequenceGeneratorSource s = source(Map.of("batchSize", "4", "totalEvents", "14"));
    assertEquals(Status.READY, s.process());
    assertEquals(Status.READY, s.process());
    assertEquals(Status.BACKOFF, s.process(), "8 + 4 exceeds the capacity of 10");
    assertEquals(8, s.nextSequence());
    List<Event> drained = new ArrayList<>(channel.drain());

    assertEquals(Status.READY, s.process());
    assertEquals(Status.READY, s.process());
    assertEquals(Status.BACKOFF, s.process(), "all 14 produced");
    drained.addAll(channel.drain());

    assertEquals(LongStream.range(0, 14).boxed().toList(), numbers(drained));
    assertEquals(18, metrics.value("SOURCE.r1", "EventReceivedCount"), "the refused 4 were received too");
    assertEquals(14, metrics.value("SOURCE.r1", "EventAcceptedCount"));
  }

  @Test
  void defaultsAreOneEventPerBatchForever() {
    SequenceGeneratorSource s = source(Map.of());
    s.process();
    s.process();
    assertEquals(List.of(0L, 1L), numbers(channel.drain()));
    assertEquals(1000, s.backoffSleepIncrement());
    assertEquals(5000, s.maxBackoffSleep());
  }
}
