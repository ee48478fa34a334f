package io.sluice.edge.http;

import com.fasterxml.jackson.core.JsonParser;
import io.sluice.api.Event;
import java.nio.charset.Charset;
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

  @Override
  public List<Event> getEvents(HttpSourceRequest request) throws Exception {
    Charset charset = JsonEvents.charset(request);
    List<Event> out = new ArrayList<>();
    try (JsonParser p = events.parser(request, charset)) {
      events.readSequence(p, charset, out::add);
    }
    return out;
  }
}
