package io.sluice.flumecompat.bridge;

import java.util.Map;

/** A Sluice event seen as a Flume event: the same headers map and body, never copied. */
final class FlumeEventView implements org.apache.flume.Event {
  private final io.sluice.api.Event event;

  FlumeEventView(io.sluice.api.Event event) {
    this.event = event;
  }

  io.sluice.api.Event sluiceEvent() {
    return event;
  }

  @Override
  public Map<String, String> getHeaders() {
    return event.getHeaders();
  }

  @Override
  public void setHeaders(Map<String, String> headers) {
    event.setHeaders(headers);
  }

  @Override
  public byte[] getBody() {
    return event.getBody();
  }

  @Override
  public void setBody(byte[] body) {
    event.setBody(body);
  }

  @Override
  public String toString() {
    return event.toString();
  }
}
