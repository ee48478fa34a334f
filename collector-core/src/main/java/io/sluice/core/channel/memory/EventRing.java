package io.sluice.core.channel.memory;

import io.sluice.api.Event;
import java.util.Arrays;

/**
 * The FIFO of a memory channel's queued events: a growable ring of parallel arrays (event, body
 * size as counted, receipt), so queueing and taking an event allocates nothing. Not thread-safe:
 * {@link MemoryQueue}'s lock guards it.
 */
final class EventRing {
  private static final int MAX_LENGTH = 1 << 30;

  private Event[] events;
  private int[] sizes;
  // Allocated the first time a tracked event is queued: most channels never track.
  private DeliveryCountdown[] receipts;
  private int head;
  private int count;

  EventRing() {
    events = new Event[16];
    sizes = new int[16];
  }

  int size() {
    return count;
  }

  boolean isEmpty() {
    return count == 0;
  }

  /** Appends all of {@code batch} in its order, each with {@code receipt} (null if untracked). */
  void addLast(EventBatch batch, DeliveryCountdown receipt) {
    int n = batch.count();
    ensureRoom(n);
    if (receipt != null && receipts == null) {
      receipts = new DeliveryCountdown[events.length];
    }
    int at = (head + count) & (events.length - 1);
    // Copied in at most two runs: an array copy marks the heap's cards once per run, where a loop
    // of stores pays the collector's write barrier for every event.
    int first = Math.min(n, events.length - at);
    System.arraycopy(batch.events(), 0, events, at, first);
    System.arraycopy(batch.events(), first, events, 0, n - first);
    System.arraycopy(batch.sizes(), 0, sizes, at, first);
    System.arraycopy(batch.sizes(), first, sizes, 0, n - first);
    if (receipts != null) {
      fillByCopies(receipts, at, at + first, receipt);
      fillByCopies(receipts, 0, n - first, receipt);
    }
    count += n;
  }

  /**
   * {@code Arrays.fill}, but one store and then copies of the filled part doubling each time: a
   * store per slot of a long-lived array pays the collector's barrier each time.
   */
  private static void fillByCopies(Object[] a, int from, int to, Object value) {
    if (from >= to) {
      return;
    }
    a[from] = value;
    for (int done = 1, n = to - from; done < n; done *= 2) {
      System.arraycopy(a, from, a, from + done, Math.min(done, n - done));
    }
  }

  /** Moves the first {@code n} events (n at most {@link #size()}) to the end of {@code into}. */
  void moveFirst(int n, EventBatch into) {
    // In at most two runs, as addLast; the slots are cleared so the ring keeps no taken event alive.
    int first = Math.min(n, events.length - head);
    into.addRun(events, sizes, receipts, head, first);
    into.addRun(events, sizes, receipts, 0, n - first);
    Arrays.fill(events, head, head + first, null);
    Arrays.fill(events, 0, n - first, null);
    if (receipts != null) {
      Arrays.fill(receipts, head, head + first, null);
      Arrays.fill(receipts, 0, n - first, null);
    }
    head = (head + n) & (events.length - 1);
    count -= n;
  }

  /** Puts {@code taken} back before the head, in its order (a rolled-back take). */
  void addFirst(EventBatch taken) {
    int n = taken.count();
    ensureRoom(n);
    int mask = events.length - 1;
    for (int i = n - 1; i >= 0; i--) {
      head = (head - 1) & mask;
      events[head] = taken.event(i);
      sizes[head] = taken.size(i);
      DeliveryCountdown r = taken.receipt(i);
      if (r != null && receipts == null) {
        receipts = new DeliveryCountdown[events.length];
      }
      if (receipts != null) {
        receipts[head] = r;
      }
    }
    count += n;
  }

  /** Grows to the next power of two that holds {@code more} events besides those queued. */
  private void ensureRoom(int more) {
    long need = (long) count + more;
    if (need <= events.length) {
      return;
    }
    if (need > MAX_LENGTH) {
      throw new IllegalStateException("a memory channel cannot queue more than " + MAX_LENGTH
          + " events at once");
    }
    int length = events.length;
    while (length < need) {
      length <<= 1;
    }
    events = unwrap(events, new Event[length]);
    sizes = unwrapSizes(length);
    if (receipts != null) {
      receipts = unwrap(receipts, new DeliveryCountdown[length]);
    }
    head = 0;
  }

  /** Copies the ring's {@code count} elements, head first, to the start of {@code to}. */
  private <T> T[] unwrap(T[] from, T[] to) {
    int first = Math.min(count, from.length - head);
    System.arraycopy(from, head, to, 0, first);
    System.arraycopy(from, 0, to, first, count - first);
    return to;
  }

  private int[] unwrapSizes(int length) {
    int[] to = new int[length];
    int first = Math.min(count, sizes.length - head);
    System.arraycopy(sizes, head, to, 0, first);
    System.arraycopy(sizes, 0, to, first, count - first);
    return to;
  }

  @Override
  public String toString() {
    return "EventRing{" + count + " of " + events.length + "}";
  }

  /** The queued events, head first (for tests). */
  Event[] snapshot() {
    Event[] out = new Event[count];
    for (int i = 0; i < count; i++) {
      out[i] = events[(head + i) & (events.length - 1)];
    }
    return out;
  }
}
