package io.sluice.kafka;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** A consumed record's header map holds Flume's headers and behaves as a {@code HashMap} does. */
class RecordHeaderMapTest {

  /** The map for one record, topic header on or off, key or none, and what it must equal. */
  private record Case(RecordHeaderMap map, Map<String, String> expected) {}

  private static Case newCase(Random random) {
    String topicHeader = random.nextBoolean() ? null : random.nextBoolean() ? "topic" : "src";
    String key = random.nextBoolean() ? null : "k" + random.nextInt(3);
    long offset = random.nextInt(3) == 0 ? Long.MAX_VALUE : random.nextInt(1_000_000);
    Map<String, String> expected = new LinkedHashMap<>();
    expected.put("timestamp", "1700000000123");
    if (topicHeader != null) {
      expected.put(topicHeader, "orders");
    }
    expected.put("partition", "2");
    expected.put("offset", Long.toString(offset));
    if (key != null) {
      expected.put("key", key);
    }
    return new Case(new RecordHeaderMap("1700000000123", topicHeader, "orders", "2", offset, key), expected);
  }

  @Test
  void holdsFlumesHeadersInFlumesOrder() {
    Map<String, String> all = new RecordHeaderMap("17", "topic", "orders", "0", 42, "user-7");
    assertEquals(List.of("timestamp", "topic", "partition", "offset", "key"), List.copyOf(all.keySet()));
    assertEquals(List.of("17", "orders", "0", "42", "user-7"), List.copyOf(all.values()));
    assertEquals(Map.of("timestamp", "17", "topic", "orders", "partition", "0", "offset", "42", "key", "user-7"), all);

    Map<String, String> bare = new RecordHeaderMap("17", null, "orders", "0", 42, null);
    assertEquals(Map.of("timestamp", "17", "partition", "0", "offset", "42"), bare);
    assertFalse(bare.containsKey("topic"));
    assertFalse(bare.containsKey("key"));
    assertEquals(null, bare.get("key"));
    assertEquals(null, bare.get(null));
    assertFalse(RecordHeaderMap.fitsTopicHeader("offset"));
    assertTrue(RecordHeaderMap.fitsTopicHeader("topic"));
  }

  @Test
  void forEachWalksFlumesOrderBeforeAndAfterAChangeAndEncodesAsAnOrderedMap() {
    Random random = new Random(23);
    for (int round = 0; round < 200; round++) {
      Case c = newCase(random);
      Map<String, String> map = c.map();
      assertEquals(List.copyOf(c.expected().entrySet()), walk(map));
      byte[] body = {1, 2, 3};
      // byte-identical to the same entries in the same order from an ordinary map
      assertArrayEquals(FlumeEventFormat.encode(Event.of(new LinkedHashMap<>(c.expected()), body)),
          FlumeEventFormat.encode(Event.of(map, body)));
      map.put("added", "x");
      Map<String, String> changed = new LinkedHashMap<>(c.expected());
      changed.put("added", "x");
      assertEquals(List.copyOf(changed.entrySet()), walk(map));
      assertArrayEquals(FlumeEventFormat.encode(Event.of(changed, body)),
          FlumeEventFormat.encode(Event.of(map, body)));
    }
    Map<String, String> walkedAndChanged = new RecordHeaderMap("17", null, "orders", "0", 42, null);
    assertThrows(ConcurrentModificationException.class,
        () -> walkedAndChanged.forEach((k, v) -> walkedAndChanged.remove(k)));
  }

  private static List<Map.Entry<String, String>> walk(Map<String, String> map) {
    List<Map.Entry<String, String>> walked = new ArrayList<>();
    map.forEach((k, v) -> walked.add(Map.entry(k, v)));
    return walked;
  }

  @Test
  void randomReadsChangesAndIterationsMatchAHashMap() {
    Random random = new Random(17);
    for (int round = 0; round < 3000; round++) {
      Case c = newCase(random);
      Map<String, String> map = c.map();
      Map<String, String> hash = new HashMap<>(c.expected());
      assertEquals(hash, map);
      assertEquals(map, hash);
      assertEquals(hash.hashCode(), map.hashCode());
      // few operations per round: most of them meet the map before its first change
      int ops = 1 + random.nextInt(8);
      for (int op = 0; op < ops; op++) {
        List<String> names = List.of("timestamp", "topic", "src", "partition", "offset", "key", "other");
        String name = random.nextInt(12) == 0 ? null : names.get(random.nextInt(names.size()));
        String value = random.nextInt(10) == 0 ? null : "v" + random.nextInt(4);
        switch (random.nextInt(8)) {
          case 0, 1 -> assertEquals(hash.put(name, value), map.put(name, value));
          case 2 -> assertEquals(hash.remove(name), map.remove(name));
          case 3 -> assertEquals(hash.putIfAbsent(name, value), map.putIfAbsent(name, value));
          case 4, 5 -> {
            int before = map.size();
            Iterator<Map.Entry<String, String>> it = map.entrySet().iterator();
            int seen = 0;
            while (it.hasNext()) {
              Map.Entry<String, String> e = it.next();
              seen++;
              assertEquals(hash.get(e.getKey()), e.getValue(), e.getKey());
              switch (random.nextInt(3)) {
                case 0 -> {
                  it.remove();
                  assertTrue(hash.containsKey(e.getKey()), "removed " + e.getKey());
                  hash.remove(e.getKey());
                }
                case 1 -> {
                  assertEquals(hash.put(e.getKey(), value), e.setValue(value));
                  assertEquals(value, e.getValue());
                }
                default -> { }
              }
            }
            assertEquals(hash.size(), map.size());
            assertEquals(before, seen);
          }
          case 6 -> {
            assertEquals(hash.containsKey(name), map.containsKey(name));
            assertEquals(hash.containsValue(value), map.containsValue(value));
          }
          default -> {
            if (random.nextInt(4) == 0) {
              map.clear();
              hash.clear();
            }
          }
        }
        assertEquals(hash.get(name), map.get(name));
        assertEquals(hash.size(), map.size());
        assertEquals(hash, map);
        assertEquals(map, hash);
        assertEquals(hash.hashCode(), map.hashCode());
        assertEquals(hash, new HashMap<>(map));
      }
    }
  }

  @Test
  void aValueSetDuringIterationKeepsTheRestOfItAndAChangeOutsideIsRefused() {
    Map<String, String> map = new RecordHeaderMap("17", "topic", "orders", "0", 42, null);
    Iterator<Map.Entry<String, String>> it = map.entrySet().iterator();
    it.next().setValue("18"); // the first change: the map's own entries from here on
    assertEquals(List.of("topic", "partition", "offset"), List.of(it.next().getKey(), it.next().getKey(),
        it.next().getKey()));
    assertFalse(it.hasNext());
    assertEquals(Map.of("timestamp", "18", "topic", "orders", "partition", "0", "offset", "42"), map);

    Iterator<String> names = new RecordHeaderMap("17", null, "orders", "0", 42, null).keySet().iterator();
    Map<String, String> other = new RecordHeaderMap("17", null, "orders", "0", 42, null);
    Iterator<String> otherNames = other.keySet().iterator();
    otherNames.next();
    other.put("added", "x");
    assertThrows(ConcurrentModificationException.class, otherNames::next);
    assertThrows(IllegalStateException.class, names::remove);
    names.next();
    names.next();
    names.remove(); // partition, mid-iteration: the rest goes on from offset
    assertEquals("offset", names.next());
    assertFalse(names.hasNext());
  }
}
