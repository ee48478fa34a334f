package io.sluice.api;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.Objects;

/** The plain value implementation of {@link Event}; plugins create events through {@link Event#of}. */
public final class SimpleEvent implements Event {
  private static final byte[] EMPTY = new byte[0];

  private Map<String, String> headers;
  private byte[] body;

  public SimpleEvent(Map<String, String> headers, byte[] body) {
    this.headers = headers == null ? new HashMap<>() : headers;
    this.body = body == null ? EMPTY : body;
  }

  @Override
  public Map<String, String> getHeaders() {
    return headers;
  }

  @Override
  public void setHeaders(Map<String, String> headers) {
    this.headers = headers == null ? new HashMap<>() : headers;
  }

  @Override
  public byte[] getBody() {
    return body;
  }

  @Override
  public void setBody(byte[] body) {
    this.body = body == null ? EMPTY : body;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Event e && headers.equals(e.getHeaders()) && Arrays.equals(body, e.getBody());
  }

  @Override
  public int hashCode() {
    return Objects.hash(headers, Arrays.hashCode(body));
  }

  @Override
  public String toString() {
    return "Event{headers=" + headers + ", body=" + body.length + " bytes}";
  }
}
