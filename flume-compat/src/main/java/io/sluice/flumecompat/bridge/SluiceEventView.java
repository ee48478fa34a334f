package io.sluice.flumecompat.bridge;

import java.util.HashMap;
import java.util.Map;

/**
 * A Flume event seen as a Sluice event, never copied. Sluice's contract (headers and body never
 * null) is kept on reads: a null the Flume event holds reads as an empty map or body.
 */
final class SluiceEventView implements io.sluice.api.Event {
  private static final byte[] EMPTY = new byte[0];

  private final org.apache.flume.Event event;

  SluiceEventView(org.apache.flume.Event event) {
    this.event = event;
  }

  org.apache.flume.Event flumeEvent() {
    return event;
  }

  @Override
  public Map<String, String> getHeaders() {
    Map<String, String> headers = event.getHeaders();
    if (headers == null) {
      headers = new HashMap<>();
      event.setHeaders(headers);
    }
    return headers;
  }

  @Override
  public void setHeaders(Map<String, String> headers) {
    event.setHeaders(headers == null ? new HashMap<>() : headers);
  }

  @Override
  public byte[] getBody() {
    byte[] body = event.getBody();
    return body == null ? EMPTY : body;
  }

  @Override
  public void setBody(byte[] body) {
    event.setBody(body == null ? EMPTY : body);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof io.sluice.api.Event e && getHeaders().equals(e.getHeaders())
        && java.util.Arrays.equals(getBody(), e.getBody());
  }

  @Override
  public int hashCode() {
    return getHeaders().hashCode() * 31 + java.util.Arrays.hashCode(getBody());
  }

  @Override
  public String toString() {
    return "Event{headers=" + getHeaders() + ", body=" + getBody().length + " bytes}";
  }
}
