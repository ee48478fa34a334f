package io.sluice.flumecompat.bridge;

import java.util.ArrayList;
import java.util.List;

/**
 * Converts events across the boundary by wrapping (an event that crossed before is unwrapped, so a
 * Sluice event that goes through a Flume interceptor and back is the same object).
 */
final class Events {
  private Events() {}

  static org.apache.flume.Event toFlume(io.sluice.api.Event e) {
    if (e == null) {
      return null;
    }
    return e instanceof SluiceEventView v ? v.flumeEvent() : new FlumeEventView(e);
  }

  static io.sluice.api.Event toSluice(org.apache.flume.Event e) {
    if (e == null) {
      return null;
    }
    return e instanceof FlumeEventView v ? v.sluiceEvent() : new SluiceEventView(e);
  }

  static List<org.apache.flume.Event> toFlume(List<io.sluice.api.Event> events) {
    List<org.apache.flume.Event> out = new ArrayList<>(events.size());
    for (io.sluice.api.Event e : events) {
      out.add(toFlume(e));
    }
    return out;
  }

  /** Leaves out nulls (a Flume interceptor may put them in the list it returns). */
  static List<io.sluice.api.Event> toSluice(List<org.apache.flume.Event> events) {
    List<io.sluice.api.Event> out = new ArrayList<>(events.size());
    for (org.apache.flume.Event e : events) {
      if (e != null) {
        out.add(toSluice(e));
      }
    }
    return out;
  }
}
