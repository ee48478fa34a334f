package io.sluice.api;

import java.util.HashMap;
import java.util.Map;

/**
 * One log record: string headers plus an opaque body, exactly Flume's event model.
 *
 * <p>Events are mutable so interceptors can rewrite headers without copying; an event belongs to
 * one thread at a time (the one holding the transaction it was taken or put in). Not thread-safe.
 */
public interface Event {

  /** The headers; mutable, never null. */
  Map<String, String> getHeaders();

  /**
   * One header's value, or null. Unlike {@code getHeaders().get(name)}, it never makes an event
   * create a header map it did not have (see {@link SimpleEvent}): use it to read.
   */
  default String header(String name) {
    return getHeaders().get(name);
  }

  void setHeaders(Map<String, String> headers);

  /** The body; never null (an empty body is a zero-length array). */
  byte[] getBody();

  void setBody(byte[] body);

  static Event of(byte[] body) {
    return new SimpleEvent(new HashMap<>(), body);
  }

  static Event of(Map<String, String> headers, byte[] body) {
    return new SimpleEvent(new HashMap<>(headers), body);
  }
}
