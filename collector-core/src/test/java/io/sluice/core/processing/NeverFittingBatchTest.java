package io.sluice.core.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Channel;
import io.sluice.api.ChannelSelector;
import io.sluice.api.Event;
import io.sluice.api.OversizedBatchException;
import io.sluice.api.Transaction;
import io.sluice.core.channel.memory.MemoryChannel;
import io.sluice.core.channel.memory.MemoryChannelConfig;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.processing.selector.MultiplexingChannelSelector;
import io.sluice.core.processing.selector.ReplicatingChannelSelector;
import io.sluice.core.runtime.DefaultComponentContext;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * A batch that one required channel can never take in one transaction goes into none of them, so
 * that the sender's smaller retries leave no channel with the events twice.
 */
class NeverFittingBatchTest {
  private final MetricsRegistry metrics = new MetricsRegistry();

  /** {@code byteCapacity} with no share kept for headers, so its whole value is the body budget. */
  private MemoryChannel memory(String name, int transactionCapacity, long byteCapacity) {
    return new MemoryChannel(new MemoryChannelConfig(10_000, transactionCapacity, byteCapacity, 0,
        Duration.ofMillis(50)),
        DefaultComponentContext.builder("a1", name, metrics.group("CHANNEL." + name)).build());
  }

  private DefaultChannelProcessor processor(ChannelSelector selector) {
    return new DefaultChannelProcessor("r1", selector, List.of(), metrics.group("SOURCE.r1"));
  }

  private static List<Event> events(int n, int bodyBytes) {
    List<Event> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String body = i + ":" + "x".repeat(bodyBytes - 1 - String.valueOf(i).length());
      out.add(Event.of(Map.of("k", i % 2 == 0 ? "even" : "odd"),
          body.getBytes(StandardCharsets.US_ASCII)));
    }
    return out;
  }

  private static List<String> drain(Channel c) {
    List<String> out = new ArrayList<>();
    try (Transaction tx = c.getTransaction()) {
      tx.begin();
      for (Event e; (e = tx.take()) != null; ) {
        out.add(new String(e.getBody(), StandardCharsets.US_ASCII).split(":")[0]);
      }
      tx.commit();
    }
    return out;
  }

  @Test
  void aBatchOverALaterChannelsByteBudgetGoesIntoNoneAndItsHalvesIntoEachOnce() {
    MemoryChannel big = memory("big", 100, 0);
    MemoryChannel small = memory("small", 100, 5_000);
    assertEquals(5_000, small.transactionBodyBytes());
    DefaultChannelProcessor p = processor(new ReplicatingChannelSelector(List.of(big, small),
        List.of()));
    List<Event> batch = events(8, 1_000);
    OversizedBatchException e = assertThrows(OversizedBatchException.class,
        () -> p.processEventBatch(batch));
    assertEquals(0, e.maxEvents(), "bytes, not the count, were the limit");
    assertTrue(e.getMessage().contains("required channel small can never take 8 event(s) of 8000"
        + " body bytes"), e.getMessage());
    assertEquals(0, big.size(), "the channel before it kept nothing");
    assertEquals(1, metrics.value("SOURCE.r1", DefaultChannelProcessor.REQUIRED_FAILURES));

    List<String> fromBig = new ArrayList<>();
    List<String> fromSmall = new ArrayList<>();
    for (List<Event> half : List.of(batch.subList(0, 4), batch.subList(4, 8))) {
      p.processEventBatch(half);
      fromBig.addAll(drain(big));
      fromSmall.addAll(drain(small)); // a sink makes room for the next half
    }
    List<String> all = List.of("0", "1", "2", "3", "4", "5", "6", "7");
    assertEquals(all, fromBig, "each event once");
    assertEquals(all, fromSmall);
  }

  @Test
  void aBatchOverALaterChannelsTransactionCapacityGoesIntoNone() {
    MemoryChannel big = memory("big", 100, 0);
    MemoryChannel small = memory("small", 5, 0);
    DefaultChannelProcessor p = processor(new ReplicatingChannelSelector(List.of(big, small),
        List.of()));
    OversizedBatchException e = assertThrows(OversizedBatchException.class,
        () -> p.processEventBatch(events(8, 10)));
    assertEquals(5, e.maxEvents(), "the channel's word for how many fit");
    assertTrue(e.getMessage().contains("required channel small cannot take 8 events at once"),
        e.getMessage());
    assertEquals(0, big.size());
  }

  @Test
  void multiplexedBatchesAreCheckedPerChannelBeforeAnyPut() {
    MemoryChannel even = memory("even", 100, 0);
    MemoryChannel odd = memory("odd", 100, 2_500);
    DefaultChannelProcessor p = processor(new MultiplexingChannelSelector(List.of(even, odd),
        "k", Map.of("even", List.of(even), "odd", List.of(odd)), Map.of(), List.of()));
    // 3 odd events of 1,000 bytes are over odd's 2,500; the 3 even ones fit in even
    assertThrows(OversizedBatchException.class, () -> p.processEventBatch(events(6, 1_000)));
    assertEquals(0, even.size());
    assertEquals(0, odd.size());
    p.processEventBatch(events(4, 1_000));
    assertEquals(List.of("0", "2"), drain(even));
    assertEquals(List.of("1", "3"), drain(odd));
  }

  @Test
  void aLoneChannelStillRefusesWithItsOwnWords() {
    MemoryChannel only = memory("only", 100, 5_000);
    DefaultChannelProcessor p = processor(new ReplicatingChannelSelector(List.of(only), List.of()));
    OversizedBatchException e = assertThrows(OversizedBatchException.class,
        () -> p.processEventBatch(events(8, 1_000)));
    assertTrue(e.getMessage().contains("a1.channels.only.byteCapacity"), e.getMessage());
  }
}
