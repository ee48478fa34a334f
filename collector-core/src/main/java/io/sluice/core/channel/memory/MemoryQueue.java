package io.sluice.core.channel.memory;

import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The committed contents of a memory channel: a FIFO of events under one lock, bounded by event
 * count and body bytes.
 *
 * <p>Room is accounted at commit: a transaction's puts claim their slots and bytes atomically when
 * they are appended, so nothing is ever reserved for a transaction that later rolls back (Flume
 * reserved bytes at put and slots at commit, and leaked permits, FLUME-2812). Taken events keep
 * their room until the take commits, so a rollback can always put them back. Every critical
 * section is a few field updates and array copies; waiting uses conditions, never spinning.
 * The lock is not fair (throughput first), so under sustained overload a large commit may keep
 * losing to smaller ones until its keep-alive runs out; it then fails with the usual full error.
 *
 * <p>Thread-safe.
 */
final class MemoryQueue {
  private final ReentrantLock lock = new ReentrantLock();
  private final Condition notEmpty = lock.newCondition();
  private final Condition hasRoom = lock.newCondition();
  private final Condition batchReady = lock.newCondition();
  private final EventRing queue = new EventRing();
  private final long capacity;
  private final long byteBudget;

  // Guarded by lock. "Held" = queued + taken by open transactions.
  private long heldEvents;
  private long heldBytes;
  private int waitingTakers;
  // Takers that hold a first event and wait for their batch to fill; woken once the queue holds
  // lingerWant events (the smallest batch among them, kept until none lingers).
  private int lingeringTakers;
  private int lingerWant = Integer.MAX_VALUE;
  // Commits waiting for room: a lingering taker stops waiting, since only its take frees room.
  private int waitingCommitters;
  // Copy of heldEvents for lock-free reads (size(), gauges).
  private volatile long size;

  MemoryQueue(long capacity, long byteBudget) {
    this.capacity = capacity;
    this.byteBudget = byteBudget;
  }

  long size() {
    return size;
  }

  int lingeringTakers() {
    lock.lock();
    try {
      return lingeringTakers;
    } finally {
      lock.unlock();
    }
  }

  long heldBytes() {
    lock.lock();
    try {
      return heldBytes;
    } finally {
      lock.unlock();
    }
  }

  /**
   * Moves the head to the end of {@code into}, waiting up to {@code timeoutNanos} for one; false if
   * none came.
   */
  boolean poll(long timeoutNanos, EventBatch into) throws InterruptedException {
    lock.lock();
    try {
      if (!awaitNotEmpty(timeoutNanos)) {
        return false;
      }
      queue.moveFirst(1, into);
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Called holding the lock; false if the queue stayed empty for {@code timeoutNanos}. */
  private boolean awaitNotEmpty(long timeoutNanos) throws InterruptedException {
    long nanos = timeoutNanos;
    while (queue.isEmpty()) {
      if (nanos <= 0) {
        return false;
      }
      waitingTakers++;
      try {
        nanos = notEmpty.awaitNanos(nanos);
      } finally {
        waitingTakers--;
      }
    }
    return true;
  }

  /**
   * Moves up to {@code max} events from the head into {@code into} under one lock, waiting up to
   * {@code timeoutNanos} for the first and then up to {@code lingerNanos} for {@code max} to be
   * there. A lingering taker is woken when its batch is complete, not by every commit: under load
   * a sink then wakes once per full batch instead of once per source commit.
   *
   * @return how many were moved (0 if none came in time)
   */
  int pollUpTo(int max, long timeoutNanos, long lingerNanos, EventBatch into)
      throws InterruptedException {
    lock.lock();
    try {
      if (!awaitNotEmpty(timeoutNanos)) {
        return 0;
      }
      if (lingerNanos > 0 && queue.size() < max) {
        awaitBatch(max, lingerNanos);
      }
      int n = Math.min(max, queue.size());
      queue.moveFirst(n, into);
      return n;
    } finally {
      lock.unlock();
    }
  }

  /** Called holding the lock; returns when {@code max} events are queued or the linger is over. */
  private void awaitBatch(int max, long lingerNanos) throws InterruptedException {
    long nanos = lingerNanos;
    lingeringTakers++;
    lingerWant = Math.min(lingerWant, max);
    try {
      while (queue.size() < max && nanos > 0 && waitingCommitters == 0 && canStillFill(max)) {
        nanos = batchReady.awaitNanos(nanos);
      }
    } finally {
      if (--lingeringTakers == 0) {
        lingerWant = Integer.MAX_VALUE;
      }
    }
  }

  /** Whether commits could still bring the queue to {@code max} events without a take. */
  private boolean canStillFill(int max) {
    return queue.size() + (capacity - heldEvents) >= max && heldBytes < byteBudget;
  }

  /**
   * Applies one transaction: appends {@code puts}, each with {@code receipt} (null if untracked),
   * and frees the room of {@code takes}, atomically. Waits up to {@code timeoutNanos} for room
   * when the puts outweigh the takes.
   *
   * @return false, changing nothing, if room did not appear in time
   */
  boolean commit(EventBatch puts, DeliveryCountdown receipt, int takes, long takeBytes,
      long timeoutNanos) throws InterruptedException {
    long events = puts.count() - (long) takes;
    long bytes = puts.bytes() - takeBytes;
    long nanos = timeoutNanos;
    lock.lock();
    try {
      while (heldEvents + events > capacity || heldBytes + bytes > byteBudget) {
        if (nanos <= 0) {
          return false;
        }
        waitingCommitters++;
        batchReady.signalAll(); // a lingering taker is what would make room
        try {
          nanos = hasRoom.awaitNanos(nanos);
        } finally {
          waitingCommitters--;
        }
      }
      heldEvents += events;
      heldBytes += bytes;
      size = heldEvents;
      queue.addLast(puts, receipt);
      wakeTakers(puts.count());
      if (events < 0 || bytes < 0) {
        // Waiting committers need different amounts of room; let each re-check.
        hasRoom.signalAll();
      }
      return true;
    } finally {
      lock.unlock();
    }
  }

  /** Puts taken events back at the head, keeping their order; their room was never released. */
  void restore(EventBatch taken) {
    if (taken.isEmpty()) {
      return;
    }
    lock.lock();
    try {
      queue.addFirst(taken);
      wakeTakers(taken.count());
    } finally {
      lock.unlock();
    }
  }

  private void wakeTakers(int events) {
    if (lingeringTakers > 0 && queue.size() >= lingerWant) {
      batchReady.signalAll();
    }
    // One signal per new event is enough: a woken taker that finds the queue empty waits again.
    for (int i = Math.min(events, waitingTakers); i > 0; i--) {
      notEmpty.signal();
    }
  }
}
