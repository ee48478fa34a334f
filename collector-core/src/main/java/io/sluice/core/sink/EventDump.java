package io.sluice.core.sink;

import io.sluice.api.Event;

/**
 * Renders an event for a log line: headers, then the first {@code maxBytes} of the body as hex and
 * as printable text ({@code .} for anything else), like Flume's EventHelper. Stateless.
 */
public final class EventDump {
  private EventDump() {}

  public static String dump(Event event, int maxBytes) {
    byte[] body = event.getBody();
    int n = Math.min(maxBytes, body.length);
    StringBuilder hex = new StringBuilder(n * 3);
    StringBuilder text = new StringBuilder(n);
    for (int i = 0; i < n; i++) {
      int b = body[i] & 0xff;
      if (i > 0) {
        hex.append(' ');
      }
      hex.append(Character.forDigit(b >> 4, 16)).append(Character.forDigit(b & 0xf, 16));
      text.append(b >= 0x20 && b < 0x7f ? (char) b : '.');
    }
    String more = body.length > n ? " ... (" + body.length + " bytes)" : "";
    return "Event: { headers:" + event.getHeaders() + " body: " + hex + " " + text + more + " }";
  }
}
