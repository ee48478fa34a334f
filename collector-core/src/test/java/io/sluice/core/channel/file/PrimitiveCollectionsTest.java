package io.sluice.core.channel.file;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayDeque;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** LongHashSet and LongDeque against the JDK's collections under random operations. */
class PrimitiveCollectionsTest {

  @Test
  void longHashSetMatchesHashSet() {
    Random random = new Random(42);
    LongHashSet set = new LongHashSet();
    Set<Long> model = new HashSet<>();
    for (int i = 0; i < 200_000; i++) {
      // A small key range forces collisions, long probe runs and wrap-around removals.
      long key = random.nextInt(5_000) * 0x1_0000_0000L + random.nextInt(3);
      switch (random.nextInt(3)) {
        case 0 -> assertEquals(model.add(key), set.add(key), "add " + key);
        case 1 -> assertEquals(model.remove(key), set.remove(key), "remove " + key);
        default -> assertEquals(model.contains(key), set.contains(key), "contains " + key);
      }
      assertEquals(model.size(), set.size());
    }
    long[] all = set.toArray();
    assertEquals(model.size(), all.length);
    for (long v : all) {
      assertEquals(true, model.contains(v));
    }
  }

  @Test
  void longDequeMatchesArrayDeque() {
    Random random = new Random(7);
    LongDeque deque = new LongDeque(4);
    ArrayDeque<Long> model = new ArrayDeque<>();
    for (int i = 0; i < 100_000; i++) {
      int op = random.nextInt(3);
      if (op == 0) {
        deque.addLast(i);
        model.addLast((long) i);
      } else if (op == 1) {
        deque.addFirst(i);
        model.addFirst((long) i);
      } else if (!model.isEmpty()) {
        assertEquals(model.pollFirst(), deque.pollFirst());
      }
      assertEquals(model.size(), deque.size());
    }
    long[] copy = new long[deque.size()];
    deque.copyTo(copy, 0);
    assertArrayEquals(model.stream().mapToLong(Long::longValue).toArray(), copy);
  }
}
