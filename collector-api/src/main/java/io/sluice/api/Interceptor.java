package io.sluice.api;

import java.util.ArrayList;
import java.util.List;

/**
 * Rewrites or filters events before they reach the channel selector. Returning null drops the
 * event. Must be thread-safe: several source threads may call it at once.
 */
public interface Interceptor extends Lifecycle {

  Event intercept(Event event);

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
