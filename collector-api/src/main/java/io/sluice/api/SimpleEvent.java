package io.sluice.api;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The plain value implementation of {@link Event}; plugins create events through {@link Event#of}.
 *
 * <p>Given no headers (null), the event makes its map only when {@link #getHeaders()} is first
 * called: most tailed lines have none, and a source reading millions of lines a second would
 * otherwise allocate an empty map per line that nothing ever looks at. {@link #header} does not
 * make it.
 */
public final class SimpleEvent implements Event {
  private static final byte[] EMPTY = new byte[0];

  /** Null until asked for when the event was made without headers. */
  private Map<String, String> headers;
  private byte[] body;

  public SimpleEvent(Map<String, String> headers, byte[] body) {
    this.headers = headers;
    this.body = body == null ? EMPTY : body;
  }

  @Override
  public Map<String, String> getHeaders() {
    if (headers == null) {
      headers = new HashMap<>();
    }
    return headers;
  }

  @Override
  public String header(String name) {
    return headers == null ? null : headers.get(name);
  }

  @Override
  public void setHeaders(Map<String, String> headers) {
    this.headers = headers;
  }

  @Override
  public byte[] getBody() {
    return body;
  }

  @Override
  public void setBody(byte[] body) {
    this.body = body == null ? EMPTY : body;
  }

  private Map<String, String> headersOrEmpty() {
    return headers == null ? Map.of() : headers;
  }

  @Override
  public boolean equals(Object o) {
    if (!(o instanceof Event e) || !Arrays.equals(body, e.getBody())) {
      return false;
    }
    Map<String, String> theirs = e instanceof SimpleEvent s ? s.headersOrEmpty() : e.getHeaders();
    return headersOrEmpty().equals(theirs);
  }

  @Override
  public int hashCode() {
    return Objects.hash(headersOrEmpty(), Arrays.hashCode(body));
  }

  @Override
  public String toString() {
    return "Event{headers=" + headersOrEmpty() + ", body=" + body.length + " bytes}";
  }
}
