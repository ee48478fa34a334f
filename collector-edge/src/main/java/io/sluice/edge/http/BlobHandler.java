package io.sluice.edge.http;

import io.sluice.api.Event;
import io.sluice.api.SimpleEvent;
import io.sluice.api.http.HttpBadRequestException;
import io.sluice.api.http.HttpSourceHandler;
import io.sluice.api.http.HttpSourceRequest;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's {@code org.apache.flume.sink.solr.morphline.BlobHandler}: the whole request body
 * becomes one event. Headers: {@code Content-Type} (when the request has one) and the query
 * string's parameters (first value each). A body longer than {@code handler.maxBlobLength}
 * (100,000,000) is truncated to it with a warning, as in Flume (at most one WARN line per 30 s).
 * Thread-safe.
 */
public final class BlobHandler implements HttpSourceHandler {
  private static final Logger LOG = LoggerFactory.getLogger(BlobHandler.class);
  static final String MAX_BLOB_LENGTH = "maxBlobLength";
  private static final int DEFAULT_MAX_BLOB_LENGTH = 100_000_000;

  private volatile int maxBlobLength = DEFAULT_MAX_BLOB_LENGTH;
  private final QuietWarnings truncations = new QuietWarnings(LOG);

  @Override
  public void configure(Map<String, String> properties) {
    String v = properties.get(MAX_BLOB_LENGTH);
    if (v == null) {
      return;
    }
    int n;
    try {
      n = Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("handler." + MAX_BLOB_LENGTH + " '" + v
          + "' is not an integer");
    }
    if (n <= 0) {
      throw new IllegalArgumentException("handler." + MAX_BLOB_LENGTH + " must be at least 1");
    }
    maxBlobLength = n;
  }

  /** Parses bytes already in memory: safe on an I/O thread. */
  @Override
  public boolean nonBlocking() {
    return true;
  }

  @Override
  public List<Event> getEvents(HttpSourceRequest request)
      throws HttpBadRequestException, IOException {
    Map<String, String> headers = QueryHeaders.of(request);
    String contentType = request.header("Content-Type");
    if (contentType != null) {
      headers.putIfAbsent("Content-Type", contentType);
    }
    int max = maxBlobLength;
    int length = request.bodyLength();
    if (length > max) {
      truncations.warn("BlobHandler: a request of {} bytes is longer than handler.{} = {}; its"
          + " event holds the first {} bytes", length, MAX_BLOB_LENGTH, max, max);
      length = max;
    }
    byte[] body;
    try (InputStream in = request.body()) {
      body = in.readNBytes(length);
    }
    return List.of(new SimpleEvent(headers, body));
  }
}
