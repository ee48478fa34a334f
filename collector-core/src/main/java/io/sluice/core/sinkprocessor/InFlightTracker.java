package io.sluice.core.sinkprocessor;

import java.util.HashMap;
import java.util.Map;

/**
 * Which members are sending a batch right now. A member carries at most one batch at a time (sinks
 * are single-threaded), and a member being removed waits here until its batch has ended.
 * Thread-safe.
 */
final class InFlightTracker {
  private final Map<String, Integer> busy = new HashMap<>();

  /** Claims the member for one batch; false when another runner holds it. */
  synchronized boolean tryClaim(String member) {
    if (busy.containsKey(member)) {
      return false;
    }
    busy.put(member, 1);
    return true;
  }

  /** Claims the member, waiting up to {@code millis} for its batch in flight to end. */
  synchronized boolean claimWithin(String member, long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000;
    while (busy.containsKey(member)) {
      long left = (deadline - System.nanoTime()) / 1_000_000;
      if (left <= 0) {
        return false;
      }
      wait(left);
    }
    busy.put(member, 1);
    return true;
  }

  synchronized void release(String member) {
    busy.remove(member);
    notifyAll();
  }

  synchronized int inFlight(String member) {
    return busy.getOrDefault(member, 0);
  }

  synchronized int total() {
    return busy.size();
  }

  /** Blocks until the member has no batch in flight. */
  synchronized void awaitIdle(String member) throws InterruptedException {
    while (busy.containsKey(member)) {
      wait();
    }
  }

  /** Waits up to {@code millis} for any member to be released. */
  synchronized void awaitAnyRelease(long millis) throws InterruptedException {
    wait(millis);
  }
}
