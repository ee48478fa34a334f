package io.sluice.edge.http;

import io.sluice.api.Event;
import io.sluice.api.http.HttpSourceHandler;
import io.sluice.api.http.HttpSourceRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * Flume's {@code JSONHandler} (the {@code http} source's default): the body is a JSON array of
 * {@code {"headers":{...},"body":"..."}} objects, in the request's charset (UTF-8 when it names
 * none; UTF-16 and UTF-32 too). Each body becomes its string's bytes in that charset, as in
 * Flume. Malformed JSON or another charset is a bad request (400). Thread-safe.
 */
public final class JsonHandler implements HttpSourceHandler {
  private final JsonEvents events = new JsonEvents();

  /** Parses bytes already in memory: safe on an I/O thread. */
  @Override
  public boolean nonBlocking() {
    return true;
  }

  @Override
  public List<Event> getEvents(HttpSourceRequest request) throws Exception {
    // Sized for events of about 128 bytes, so a typical batch fills it without regrowing.
    List<Event> out = new ArrayList<>(Math.max(10, Math.min(4096, request.bodyLength() / 128)));
    try (JsonEventReader r = events.open(request)) {
      r.readArray(out::add);
    }
    return out;
  }
}
