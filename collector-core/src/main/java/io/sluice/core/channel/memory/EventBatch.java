package io.sluice.core.channel.memory;

import io.sluice.api.Event;
import java.util.Arrays;
import java.util.List;

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

  /**
   * Appends {@code from[start, start + n)} of a ring's parallel arrays ({@code receipts} may be
   * null: none tracked), with array copies rather than a store per event.
   */
  void addRun(Event[] from, int[] fromSizes, DeliveryCountdown[] fromReceipts, int start, int n) {
    if (n <= 0) {
      return;
    }
    ensureRoom(n);
    System.arraycopy(from, start, events, count, n);
    System.arraycopy(fromSizes, start, sizes, count, n);
    if (fromReceipts != null) {
      System.arraycopy(fromReceipts, start, receiptsArray(), count, n);
    }
    // Slots past count hold no receipt (clear() empties them), so untracked events need no store.
    long sum = 0;
    for (int i = start, end = start + n; i < end; i++) {
      sum += fromSizes[i];
    }
    bytes += sum;
    count += n;
  }

  /**
   * Appends a list of untracked events. Into an empty batch (a transaction's one putAll) the list
   * copies itself: an {@code ArrayList} with one array copy instead of a store per event.
   */
  void addAll(List<Event> list) {
    int n = list.size();
    if (count > 0) {
      for (int i = 0; i < n; i++) {
        add(list.get(i));
      }
      return;
    }
    ensureRoom(n);
    Event[] copied = list.toArray(events);
    if (copied != events) {
      // Not a list that honours toArray's contract: copy it the plain way.
      for (int i = 0; i < n; i++) {
        add(list.get(i));
      }
      return;
    }
    long sum = 0;
    for (int i = 0; i < n; i++) {
      int size = events[i].getBody().length;
      sizes[i] = size;
      sum += size;
    }
    bytes += sum;
    count = n;
  }

  /** The staged events' array; its first {@link #count()} slots are the events. */
  Event[] events() {
    return events;
  }

  /** The body sizes' array, parallel to {@link #events()}. */
  int[] sizes() {
    return sizes;
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
