package io.sluice.edge.http;

import io.sluice.api.Event;
import io.sluice.api.SimpleEvent;
import io.sluice.api.http.HttpBadRequestException;
import io.sluice.api.http.HttpSourceHandler;
import io.sluice.api.http.HttpSourceRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Flume core's {@code org.apache.flume.source.http.BLOBHandler}: the whole body is one event,
 * whose headers are the query-string parameters (each one's first value); {@code
 * handler.mandatoryParameters} (comma-separated) names parameters every request must have. A
 * request without one is a 400 naming it (Flume answers 500). Unlike the morphline {@link
 * BlobHandler} it adds no {@code Content-Type} header and never truncates ({@code
 * maxRequestBytes} bounds the body). Thread-safe after configure.
 */
final class FlumeBlobHandler implements HttpSourceHandler {
  private static final String MANDATORY = "mandatoryParameters";
  private volatile List<String> mandatory = List.of();

  @Override
  public void configure(Map<String, String> properties) {
    String v = properties.getOrDefault(MANDATORY, "");
    mandatory = Arrays.stream(v.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList();
  }

  /** Copies bytes already in memory: safe on an I/O thread. */
  @Override
  public boolean nonBlocking() {
    return true;
  }

  @Override
  public List<Event> getEvents(HttpSourceRequest request)
      throws HttpBadRequestException, IOException {
    Map<String, String> headers = QueryHeaders.of(request);
    for (String p : mandatory) {
      if (!headers.containsKey(p)) {
        throw new HttpBadRequestException("the query string has no '" + p + "' parameter, which"
            + " handler.mandatoryParameters requires");
      }
    }
    byte[] body;
    try (InputStream in = request.body()) {
      body = in.readAllBytes();
    }
    return List.of(new SimpleEvent(headers, body));
  }
}
