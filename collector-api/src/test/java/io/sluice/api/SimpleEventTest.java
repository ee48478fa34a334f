package io.sluice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.charset.StandardCharsets;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SimpleEventTest {
  private static final byte[] BODY = "line".getBytes(StandardCharsets.UTF_8);

  @Test
  void anEventMadeWithoutHeadersStillHasAMutableMapWhenAsked() {
    SimpleEvent e = new SimpleEvent(null, BODY);
    assertNull(e.header("host"));
    assertEquals(e, Event.of(BODY));
    assertEquals(Event.of(BODY).hashCode(), e.hashCode());

    Map<String, String> headers = e.getHeaders();
    headers.put("host", "a");
    assertSame(headers, e.getHeaders());
    assertEquals("a", e.header("host"));
    assertEquals(Event.of(Map.of("host", "a"), BODY), e);
  }

  @Test
  void clearedHeadersComeBackEmptyAndMutable() {
    SimpleEvent e = new SimpleEvent(Map.of("k", "v"), BODY);
    assertEquals("v", e.header("k"));
    e.setHeaders(null);
    assertNull(e.header("k"));
    assertNotNull(e.getHeaders());
    e.getHeaders().put("k", "w");
    assertEquals("w", e.header("k"));
  }
}
