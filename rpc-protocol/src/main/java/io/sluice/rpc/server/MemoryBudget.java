package io.sluice.rpc.server;

import io.sluice.rpc.wire.PeerViolationException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server-wide byte budget for what peers make the server hold: partial frames and replies
 * queued behind a peer that does not read. A connection whose bytes would take the total over the
 * limit is closed (the one that would exceed, not another: simple, and no connection ever closes
 * a different one). Thread-safe: one atomic add per change.
 */
final class MemoryBudget {
  private final AtomicLong used = new AtomicLong();
  private final long limit;

  MemoryBudget(long limit) {
    this.limit = limit;
  }

  /** Takes {@code bytes} (> 0) if they fit; false, taking nothing, if they would exceed. */
  boolean tryTake(long bytes) {
    if (used.addAndGet(bytes) > limit) {
      used.addAndGet(-bytes);
      return false;
    }
    return true;
  }

  void give(long bytes) {
    used.addAndGet(-bytes);
  }

  long used() {
    return used.get();
  }

  /** What a refused connection is closed with (logged once, naming the peer). */
  PeerViolationException exceeded(long wanted) {
    return new PeerViolationException("would take the server's buffered bytes over "
        + limit + " (maxBufferedBytes) with " + wanted + " more bytes of partial frame or "
        + "unread replies");
  }
}
