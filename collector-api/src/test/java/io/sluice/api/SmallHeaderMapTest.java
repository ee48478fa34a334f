package io.sluice.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.ConcurrentModificationException;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The event header map for an event's few headers behaves as a {@code HashMap} does. */
class SmallHeaderMapTest {

  @Test
  void randomPutsGetsAndRemovesMatchAHashMap() {
    Random random = new Random(19);
    for (int round = 0; round < 200; round++) {
      Map<String, String> small = new SmallHeaderMap(random.nextInt(4));
      Map<String, String> hash = new HashMap<>();
      for (int op = 0; op < 60; op++) {
        String name = random.nextInt(10) == 0 ? null : "h" + random.nextInt(12);
        String value = random.nextInt(10) == 0 ? null : "v" + random.nextInt(5);
        switch (random.nextInt(6)) {
          case 0, 1, 2 -> assertEquals(hash.put(name, value), small.put(name, value));
          case 3 -> assertEquals(hash.remove(name), small.remove(name));
          case 4 -> {
            Iterator<Map.Entry<String, String>> it = small.entrySet().iterator();
            while (it.hasNext()) {
              Map.Entry<String, String> e = it.next();
              if (random.nextBoolean()) {
                it.remove();
                assertTrue(hash.containsKey(e.getKey()), "removed " + e.getKey());
                hash.remove(e.getKey());
              } else {
                assertEquals(hash.put(e.getKey(), value), e.setValue(value));
              }
            }
          }
          default -> assertEquals(hash.containsKey(name), small.containsKey(name));
        }
        assertEquals(hash.get(name), small.get(name));
        assertEquals(hash.size(), small.size());
        assertEquals(hash, small);
        assertEquals(small, hash);
        assertEquals(hash.hashCode(), small.hashCode());
        List<String> walked = new ArrayList<>();
        small.forEach((k, v) -> walked.add(k + "=" + v));
        assertEquals(small.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).toList(), walked);
      }
    }
  }

  @Test
  void forEachWalksInInsertionOrderAndRefusesAChangeDuringIt() {
    Map<String, String> small = new SmallHeaderMap(1);
    for (String k : List.of("c", "a", "b")) {
      small.put(k, k.toUpperCase());
    }
    List<String> walked = new ArrayList<>();
    small.forEach((k, v) -> walked.add(k + v));
    assertEquals(List.of("cC", "aA", "bB"), walked);
    assertThrows(ConcurrentModificationException.class, () -> small.forEach((k, v) -> small.put(k + k, v)));
  }

  @Test
  void iteratesInInsertionOrderAndRefusesAChangeDuringIteration() {
    Map<String, String> small = new SmallHeaderMap(1);
    for (String k : List.of("c", "a", "b")) {
      small.put(k, k.toUpperCase());
    }
    assertEquals(List.of("c", "a", "b"), List.copyOf(small.keySet()));
    Iterator<String> it = small.keySet().iterator();
    it.next();
    small.put("d", "D");
    assertThrows(ConcurrentModificationException.class, it::next);
    assertThrows(IllegalStateException.class, () -> small.entrySet().iterator().remove());
    small.clear();
    assertEquals(Map.of(), small);
  }
}
