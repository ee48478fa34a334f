package io.sluice.core.channel.memory;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.sluice.api.Event;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class EventRingTest {

  private static Event event(int i) {
    return Event.of(new byte[i % 7]);
  }

  /** Queues and takes across the ring's wrap-around and its growth, checking order and sizes. */
  @Test
  void keepsOrderAndSizesAcrossWrapAroundAndGrowth() {
    EventRing ring = new EventRing();
    List<Event> expected = new ArrayList<>();
    EventBatch puts = new EventBatch(1);
    EventBatch took = new EventBatch(1);
    int next = 0;
    // Each round queues 5 more than it takes: the head walks round the ring while it grows.
    for (int round = 0; round < 40; round++) {
      for (int i = 0; i < 11; i++) {
        Event e = event(next++);
        puts.add(e);
        expected.add(e);
      }
      ring.addLast(puts, null);
      puts.clear();
      ring.moveFirst(6, took);
      for (int i = 0; i < 6; i++) {
        Event e = expected.remove(0);
        assertSame(e, took.event(i));
        assertEquals(e.getBody().length, took.size(i));
        assertNull(took.receipt(i));
      }
      took.clear();
      assertArrayEquals(expected.toArray(), ring.snapshot());
    }
    assertEquals(200, ring.size());
  }

  /** A rolled-back take goes back before the head in its order, with its receipts and sizes. */
  @Test
  void restoredTakesGoBackAtTheHeadWithTheirReceipts() {
    EventRing ring = new EventRing();
    DeliveryCountdown receipt = new DeliveryCountdown();
    EventBatch puts = new EventBatch(4);
    for (int i = 0; i < 20; i++) {
      puts.add(event(i));
    }
    ring.addLast(puts, receipt);
    Event[] all = ring.snapshot();
    EventBatch took = new EventBatch(4);
    ring.moveFirst(15, took);
    assertEquals(puts.bytes(), took.bytes() + sizes(ring));
    ring.addFirst(took);
    assertArrayEquals(all, ring.snapshot());
    took.clear();
    ring.moveFirst(20, took);
    for (int i = 0; i < 20; i++) {
      assertSame(all[i], took.event(i));
      assertSame(receipt, took.receipt(i));
      assertEquals(i % 7, took.size(i));
    }
    assertEquals(0, ring.size());
  }

  /**
   * Tracked and untracked batches, staged with addAll into an empty and a non-empty batch, keep
   * their receipts, sizes and bytes across the wrap-around and the growth.
   */
  @Test
  void receiptsAndBytesFollowTheirEventsAcrossWrapAround() {
    EventRing ring = new EventRing();
    List<Event> expected = new ArrayList<>();
    List<DeliveryCountdown> expectedReceipts = new ArrayList<>();
    EventBatch puts = new EventBatch(1);
    EventBatch took = new EventBatch(1);
    int next = 0;
    for (int round = 0; round < 40; round++) {
      DeliveryCountdown receipt = round % 3 == 0 ? null : new DeliveryCountdown();
      List<Event> batch = new ArrayList<>();
      for (int i = 0; i < 11; i++) {
        batch.add(event(next++));
      }
      if (round % 2 == 0) {
        puts.addAll(batch);
      } else {
        puts.add(batch.get(0));
        puts.addAll(batch.subList(1, batch.size()));
      }
      assertEquals(sizes(batch.toArray(new Event[0])), puts.bytes());
      expected.addAll(batch);
      batch.forEach(e -> expectedReceipts.add(receipt));
      ring.addLast(puts, receipt);
      puts.clear();
      ring.moveFirst(6, took);
      long bytes = 0;
      for (int i = 0; i < 6; i++) {
        Event e = expected.remove(0);
        assertSame(e, took.event(i));
        assertSame(expectedReceipts.remove(0), took.receipt(i));
        bytes += e.getBody().length;
      }
      assertEquals(bytes, took.bytes());
      took.clear();
      assertArrayEquals(expected.toArray(), ring.snapshot());
    }
  }

  private static long sizes(Event[] events) {
    long n = 0;
    for (Event e : events) {
      n += e.getBody().length;
    }
    return n;
  }

  private static long sizes(EventRing ring) {
    long n = 0;
    for (Event e : ring.snapshot()) {
      n += e.getBody().length;
    }
    return n;
  }
}
