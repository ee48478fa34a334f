package io.sluice.rpc.server;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.ConcurrentSkipListSet;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The connections now holding part of a frame, oldest partial frame first, so that when the
 * {@link MemoryBudget} is full, room for a frame on its way in is made by closing those that have
 * held theirs longest (a sender's frame completes within milliseconds; a peer hoarding half
 * frames is the oldest). One instance per server. Thread-safe.
 */
final class PartialFrameHolders {
  /** One partial frame of one connection: who holds it and since when. Immutable. */
  record Holding(long sinceNanos, long id, PartialFrameBudget owner) {}

  private final ConcurrentSkipListSet<Holding> holdings = new ConcurrentSkipListSet<>(
      Comparator.comparingLong(Holding::sinceNanos).thenComparingLong(Holding::id));
  private final AtomicLong ids = new AtomicLong();

  Holding add(PartialFrameBudget owner, long sinceNanos) {
    Holding h = new Holding(sinceNanos, ids.incrementAndGet(), owner);
    holdings.add(h);
    return h;
  }

  void remove(Holding h) {
    holdings.remove(h);
  }

  /**
   * Closes the holders of partial frames begun before {@code sinceNanos}, oldest first, if
   * together they hold at least {@code bytes}; closes none and returns false otherwise.
   */
  boolean evictOlderThan(long sinceNanos, long bytes) {
    List<Holding> victims = new ArrayList<>();
    long freed = 0;
    for (Holding h : holdings) {
      if (freed >= bytes || h.sinceNanos() - sinceNanos >= 0) {
        break;
      }
      victims.add(h);
      freed += h.owner().charged();
    }
    if (freed < bytes) {
      return false;
    }
    for (Holding h : victims) {
      if (holdings.remove(h)) {
        h.owner().evict(h, h.owner().charged());
      }
    }
    return true;
  }
}
