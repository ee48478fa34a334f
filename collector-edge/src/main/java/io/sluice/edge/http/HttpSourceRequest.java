package io.sluice.edge.http;

import java.io.InputStream;
import java.util.List;
import java.util.Map;

/**
 * One complete HTTP request as a {@link HttpSourceHandler} sees it. Valid only during {@link
 * HttpSourceHandler#getEvents}; not thread-safe.
 */
public interface HttpSourceRequest {

  /** {@code POST} (the source answers every other method with 405 before a handler runs). */
  String method();

  /** The request target as sent, e.g. {@code /events?source=web}. */
  String uri();

  /** The query string's parameters, decoded, in order. */
  Map<String, List<String>> queryParameters();

  /** The first value of a request header (case-insensitive name), or null. */
  String header(String name);

  /** The {@code charset} parameter of {@code Content-Type}, or null when the request has none. */
  String charset();

  /** The body's length in bytes. */
  int bodyLength();

  /** The body; each call returns a new stream from the start. Closing it is optional. */
  InputStream body();
}
