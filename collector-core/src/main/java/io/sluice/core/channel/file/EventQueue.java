package io.sluice.core.channel.file;

import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The file channel's committed contents as pointers into the log, in FIFO order, plus the pointers
 * taken by open transactions and a live-event count per log segment (a segment with none left can
 * be deleted). Bounded by capacity, counting queued, in-flight and reserved events, as the memory
 * channel counts. Room for a transaction's puts is reserved before its records are written, so a
 * full channel costs no log space and a written commit always fits.
 *
 * <p>Thread-safe; every operation is a few field updates under one lock.
 */
final class EventQueue {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition hasRoom = lock.newCondition();
  private final long capacity;
  private final LongDeque queue;
  private final LongHashSet inFlight = new LongHashSet();
  private final Map<Integer, int[]> liveBySegment = new HashMap<>();

  // Guarded by lock: queued + in flight + reserved.
  private long held;
  private int waitingTakers;
  // Queued + in flight, for lock-free size().
  private volatile long stored;

  EventQueue(long capacity, long[] initial) {
    this.capacity = capacity;
    this.queue = new LongDeque((int) Math.min(capacity, 1 << 16));
    for (long p : initial) {
      queue.addLast(p);
      count(p, 1);
    }
    held = initial.length;
    stored = held;
  }

  long size() {
    return stored;
  }

  /** Removes the head into the in-flight set, waiting up to {@code timeoutNanos}; NONE if empty. */
  long poll(long timeoutNanos) throws InterruptedException {
    long nanos = timeoutNanos;
    lock.lock();
    try {
      while (queue.isEmpty()) {
        if (nanos <= 0) {
          return Pointer.NONE;
        }
        waitingTakers++;
        try {
          nanos = notEmpty.awaitNanos(nanos);
        } finally {
          waitingTakers--;
        }
      }
      long p = queue.pollFirst();
      inFlight.add(p);
      return p;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Removes up to {@code max} pointers from the head into {@code out} and the in-flight set under
   * one lock acquisition, waiting up to {@code timeoutNanos} only for the first; returns how many.
   */
  int pollUpTo(long[] out, int max, long timeoutNanos) throws InterruptedException {
    long nanos = timeoutNanos;
    lock.lock();
    try {
      while (queue.isEmpty()) {
        if (nanos <= 0) {
          return 0;
        }
        waitingTakers++;
        try {
          nanos = notEmpty.awaitNanos(nanos);
        } finally {
          waitingTakers--;
        }
      }
      int n = 0;
      while (n < max && !queue.isEmpty()) {
        long p = queue.pollFirst();
        inFlight.add(p);
        out[n++] = p;
      }
      return n;
    } finally {
      lock.unlock();
    }
  }

  /** Reserves room for {@code events} more, waiting up to {@code timeoutNanos}; false if none came. */
  boolean reserve(int events, long timeoutNanos) throws InterruptedException {
    if (events <= 0) {
      return true;
    }
    long nanos = timeoutNanos;
    lock.lock();
    try {
      while (held + events > capacity) {
        if (nanos <= 0) {
          return false;
        }
        nanos = hasRoom.awaitNanos(nanos);
      }
      held += events;
      return true;
    } finally {
      lock.unlock();
    }
  }

  void unreserve(int events) {
    if (events <= 0) {
      return;
    }
    lock.lock();
    try {
      held -= events;
      hasRoom.signalAll();
    } finally {
      lock.unlock();
    }
  }

  /**
   * Applies a durable commit: appends the puts (whose room was reserved: {@code reserved} of
   * them), and forgets the committed takes.
   */
  void apply(long[] puts, int putCount, long[] takes, int takeCount, int reserved) {
    lock.lock();
    try {
      for (int i = 0; i < putCount; i++) {
        queue.addLast(puts[i]);
      }
      countRuns(puts, putCount, 1);
      for (int i = 0; i < takeCount; i++) {
        inFlight.remove(takes[i]);
      }
      countRuns(takes, takeCount, -1);
      held += (long) putCount - takeCount - reserved;
      stored += (long) putCount - takeCount;
      for (int i = Math.min(putCount, waitingTakers); i > 0; i--) {
        notEmpty.signal();
      }
      if (takeCount > 0) {
        hasRoom.signalAll();
      }
    } finally {
      lock.unlock();
    }
  }

  /** Puts taken events back at the head in their order (rollback); their room was never freed. */
  void restore(long[] takes, int count) {
    if (count == 0) {
      return;
    }
    lock.lock();
    try {
      for (int i = count - 1; i >= 0; i--) {
        inFlight.remove(takes[i]);
        queue.addFirst(takes[i]);
      }
      for (int i = Math.min(count, waitingTakers); i > 0; i--) {
        notEmpty.signal();
      }
    } finally {
      lock.unlock();
    }
  }

  /**
   * Every stored pointer, in-flight ones first (they go back to the head if their take is never
   * committed), then the queue in order. Called with commits paused, for a checkpoint.
   */
  long[] snapshot() {
    lock.lock();
    try {
      long[] flying = inFlight.toArray();
      java.util.Arrays.sort(flying);
      long[] out = new long[flying.length + queue.size()];
      System.arraycopy(flying, 0, out, 0, flying.length);
      queue.copyTo(out, flying.length);
      return out;
    } finally {
      lock.unlock();
    }
  }

  /** Live (stored) events in one segment of one data directory. */
  int liveIn(int dir, int segment) {
    lock.lock();
    try {
      int[] c = liveBySegment.get(Pointer.segmentKey(dir, segment));
      return c == null ? 0 : c[0];
    } finally {
      lock.unlock();
    }
  }

  /**
   * Counts {@code delta} for each of the first {@code n} pointers, one map update per run of
   * pointers in the same segment (a commit's pointers are nearly always one run).
   */
  private void countRuns(long[] pointers, int n, int delta) {
    int i = 0;
    while (i < n) {
      int key = Pointer.segmentKey(pointers[i]);
      int j = i + 1;
      while (j < n && Pointer.segmentKey(pointers[j]) == key) {
        j++;
      }
      count(pointers[i], delta * (j - i));
      i = j;
    }
  }

  private void count(long pointer, int delta) {
    int key = Pointer.segmentKey(pointer);
    int[] c = liveBySegment.computeIfAbsent(key, k -> new int[1]);
    c[0] += delta;
    if (c[0] == 0) {
      liveBySegment.remove(key);
    }
  }
}
