package io.sluice.core.processing;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Channel;
import io.sluice.api.DeliveryReceipt;
import io.sluice.api.Event;
import io.sluice.api.Transaction;
import io.sluice.core.channel.memory.MemoryChannel;
import io.sluice.core.channel.memory.MemoryChannelConfig;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.processing.selector.ReplicatingChannelSelector;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.testutil.TestQueueChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A tracked batch is delivered once sinks committed takes of all of it, from every required channel. */
class DeliveryReceiptTest {
  private final MetricsRegistry metrics = new MetricsRegistry();

  private MemoryChannel memory(String name) {
    return new MemoryChannel(new MemoryChannelConfig(1000, 100, 0, 20, Duration.ofMillis(50)),
        DefaultComponentContext.builder("a1", name, metrics.group("CHANNEL." + name)).build());
  }

  private DefaultChannelProcessor processor(List<Channel> channels) {
    return new DefaultChannelProcessor("r1", new ReplicatingChannelSelector(channels, List.of()), List.of(),
        metrics.group("SOURCE.r1"));
  }

  private static List<Event> events(int n) {
    List<Event> out = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      out.add(Event.of(("e" + i).getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  /** Takes {@code n} events and commits (or rolls back) the take, as a sink does. */
  private static void take(Channel ch, int n, boolean commit) {
    try (Transaction tx = ch.getTransaction()) {
      tx.begin();
      assertEquals(n, tx.take(n).size());
      if (commit) {
        tx.commit();
      } else {
        tx.rollback();
      }
    }
  }

  @Test
  void aMemoryChannelDeliversWhenSinksCommittedEveryTake() {
    MemoryChannel ch = memory("c1");
    DeliveryReceipt r = processor(List.of(ch)).processEventBatchTracked(events(10));
    assertFalse(r.isDelivered(), "still in the channel");
    take(ch, 6, false);
    assertFalse(r.isDelivered(), "a rolled-back take delivers nothing");
    take(ch, 6, true);
    assertFalse(r.isDelivered(), "four still in the channel");
    take(ch, 4, true);
    assertTrue(r.isDelivered());
  }

  @Test
  void everyRequiredChannelMustHaveDelivered() {
    MemoryChannel a = memory("a");
    MemoryChannel b = memory("b");
    DeliveryReceipt r = processor(List.of(a, b)).processEventBatchTracked(events(3));
    take(a, 3, true);
    assertFalse(r.isDelivered());
    take(b, 3, true);
    assertTrue(r.isDelivered());
  }

  @Test
  void aChannelThatKeepsWhatItCommitsDeliversAtCommit() {
    assertSame(DeliveryReceipt.DELIVERED,
        processor(List.of(new TestQueueChannel("q", 100))).processEventBatchTracked(events(3)));
  }

  @Test
  void untrackedBatchesCostNoReceipt() {
    MemoryChannel ch = memory("c1");
    processor(List.of(ch)).processEventBatch(events(5));
    take(ch, 5, true);
    DeliveryReceipt r = processor(List.of(ch)).processEventBatchTracked(events(1));
    assertFalse(r.isDelivered());
    take(ch, 1, true);
    assertTrue(r.isDelivered());
  }
}
