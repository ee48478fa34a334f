package io.sluice.rpc.server;

import io.sluice.rpc.wire.PeerViolationException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The server-wide byte budget for what peers make the server hold: partial frames, decoded calls
 * waiting for the handler, and replies queued behind a peer that does not read. Bytes that would
 * take the total over the limit are refused to the connection that wants them, except that a
 * frame on its way in may first make room by closing connections holding older partial frames
 * ({@link PartialFrameHolders}). Thread-safe: one atomic add per change.
 */
final class MemoryBudget {
  private final AtomicLong used = new AtomicLong();
  private final AtomicLong freeing = new AtomicLong(); // held by connections being closed
  private final long limit;

  MemoryBudget(long limit) {
    this.limit = limit;
  }

  /**
   * Takes {@code bytes} (> 0) if they fit; false, taking nothing, if they would exceed. Bytes of
   * connections being closed for room count as free already: the total may pass the limit by
   * those, until they close.
   */
  boolean tryTake(long bytes) {
    if (used.addAndGet(bytes) - freeing.get() > limit) {
      used.addAndGet(-bytes);
      return false;
    }
    return true;
  }

  /** Takes {@code bytes} even over the limit: for room that is being made elsewhere. */
  void take(long bytes) {
    used.addAndGet(bytes);
  }

  /**
   * By how much taking {@code bytes} now would go over the limit, counting bytes that connections
   * being closed for room still hold as free already (so room is not made twice).
   */
  long excess(long bytes) {
    return used.get() - freeing.get() + bytes - limit;
  }

  /** Notes that a connection being closed for room will give back {@code bytes} soon. */
  void freeing(long bytes) {
    freeing.addAndGet(bytes);
  }

  /** Notes that bytes noted by {@link #freeing} were given back (or never will be). */
  void freed(long bytes) {
    freeing.addAndGet(-bytes);
  }

  void give(long bytes) {
    used.addAndGet(-bytes);
  }

  long used() {
    return used.get();
  }

  long limit() {
    return limit;
  }

  /** What a refused connection is closed with (logged once, naming the peer). */
  PeerViolationException exceeded(long wanted) {
    return new PeerViolationException("would take the server's buffered bytes over "
        + limit + " (maxBufferedBytes) with " + wanted + " more bytes of partial frame or "
        + "unread replies");
  }
}
