package io.sluice.core.channel.memory;

import io.sluice.api.Event;
import java.util.Arrays;

/**
 * A transaction's staged puts or its takes: events with the body size each was counted at (so the
 * byte budget stays exact even if a holder swaps the body of an event it took and then rolls
 * back) and, for takes, the receipt each will count down. Parallel arrays, reused from one
 * transaction to the next, so staging an event allocates nothing. Thread-confined.
 */
final class EventBatch {
  private Event[] events;
  private int[] sizes;
  // Allocated the first time a tracked event is added: most channels never track.
  private DeliveryCountdown[] receipts;
  private int count;
  private long bytes;

  EventBatch(int initialRoom) {
    int n = Math.max(1, initialRoom);
    events = new Event[n];
    sizes = new int[n];
  }

  int count() {
    return count;
  }

  boolean isEmpty() {
    return count == 0;
  }

  /** Body bytes of the events held, as counted when each was added. */
  long bytes() {
    return bytes;
  }

  Event event(int i) {
    return events[i];
  }

  int size(int i) {
    return sizes[i];
  }

  DeliveryCountdown receipt(int i) {
    return receipts == null ? null : receipts[i];
  }

  /** Adds an event counted at its body's length now. */
  void add(Event event) {
    add(event, event.getBody().length, null);
  }

  void add(Event event, int size, DeliveryCountdown receipt) {
    if (count == events.length) {
      ensureRoom(1);
    }
    events[count] = event;
    sizes[count] = size;
    if (receipt != null || receipts != null) {
      receiptsArray()[count] = receipt;
    }
    bytes += size;
    count++;
  }

  /** Grows the arrays, if needed, so that {@code more} events fit without growing again. */
  void ensureRoom(int more) {
    int need = count + more;
    if (need > events.length) {
      int n = Math.max(need, events.length * 2);
      events = Arrays.copyOf(events, n);
      sizes = Arrays.copyOf(sizes, n);
      if (receipts != null) {
        receipts = Arrays.copyOf(receipts, n);
      }
    }
  }

  /** Empties the batch, dropping its references so that the events can be collected. */
  void clear() {
    Arrays.fill(events, 0, count, null);
    if (receipts != null) {
      Arrays.fill(receipts, 0, count, null);
    }
    count = 0;
    bytes = 0;
  }

  private DeliveryCountdown[] receiptsArray() {
    if (receipts == null) {
      receipts = new DeliveryCountdown[events.length];
    }
    return receipts;
  }
}
