package io.sluice.edge.http;

import io.sluice.api.Event;
import io.sluice.api.http.HttpSourceHandler;
import io.sluice.api.http.HttpSourceRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Sluice's {@code ndjson} handler, for senders that stream: one {@code
 * {"headers":{...},"body":"..."}} object per line (newline-delimited JSON; any whitespace between
 * objects does), so a sender can write events as it makes them, e.g. with chunked transfer
 * encoding. Same charsets and field rules as {@link JsonHandler}; the error names the line.
 * Thread-safe.
 */
public final class NdjsonHandler implements HttpSourceHandler {
  private final JsonEvents events = new JsonEvents();

  /** Parses bytes already in memory: safe on an I/O thread. */
  @Override
  public boolean nonBlocking() {
    return true;
  }

  @Override
  public List<Event> getEvents(HttpSourceRequest request) throws Exception {
    List<Event> out = new ArrayList<>();
    try (JsonEventReader r = events.open(request)) {
      r.readSequence(out::add);
    }
    return out;
  }
}
