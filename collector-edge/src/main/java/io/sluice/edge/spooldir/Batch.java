package io.sluice.edge.spooldir;

import io.sluice.api.Event;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Events read from one file, the position after the last of them, and the read failure (if any)
 * that ended the batch early: it applies to the file once the events before it are committed.
 * Each delivery attempt gets fresh copies of the events, so interceptors that ran on a refused
 * attempt do not run twice on the same headers.
 */
record Batch(List<Event> events, SpoolPosition end, IOException failure) {

  boolean isEmpty() {
    return events.isEmpty();
  }

  List<Event> freshEvents() {
    List<Event> copies = new ArrayList<>(events.size());
    for (Event e : events) {
      copies.add(Event.of(e.getHeaders(), e.getBody()));
    }
    return copies;
  }
}
