package io.sluice.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites or filters events before they reach the channel selector. Returning null drops the
 * event. Must be thread-safe: several source threads may call it at once.
 */
public interface Interceptor extends Lifecycle {

  Event intercept(Event event);

  /**
   * True if {@link #intercept} never waits (no I/O, no calls out of the process, no lock held for
   * long) and may run again on events it already rewrote, so a source may run it on a thread that
   * must never block and, should the batch then have to wait for a channel, run it once more.
   * False by default: an interceptor not known to be so runs where waiting is harmless.
   */
  default boolean nonBlocking() {
    return false;
  }

  default List<Event> intercept(List<Event> events) {
    List<Event> out = new ArrayList<>(events.size());
    for (Event e : events) {
      Event kept = intercept(e);
      if (kept != null) {
        out.add(kept);
      }
    }
    return out;
  }
}
