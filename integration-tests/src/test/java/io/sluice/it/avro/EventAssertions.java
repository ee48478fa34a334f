package io.sluice.it.avro;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.sluice.api.Event;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** Compares event lists header-for-header and byte-for-byte, ignoring order. */
final class EventAssertions {
  private EventAssertions() {}

  static void assertSameEvents(List<Event> expected, List<Event> actual) {
    List<Event> e = sorted(expected);
    List<Event> a = sorted(actual);
    assertEquals(e.size(), a.size(), "event count");
    for (int i = 0; i < e.size(); i++) {
      assertEquals(e.get(i).getHeaders(), a.get(i).getHeaders(), "headers of event " + i);
      assertArrayEquals(e.get(i).getBody(), a.get(i).getBody(), "body of event " + i);
    }
  }

  private static List<Event> sorted(List<Event> events) {
    List<Event> out = new ArrayList<>(events);
    out.sort(Comparator.comparing((Event ev) -> ev.getHeaders().getOrDefault("tag", ""))
        .thenComparingInt(ev -> Integer.parseInt(ev.getHeaders().getOrDefault("i", "-1"))));
    return out;
  }
}
