package io.sluice.rpc.server;

import io.sluice.api.Event;
import java.util.List;
import java.util.Map;

/**
 * What a decoded call holds on the heap, as charged to the {@link MemoryBudget} while it waits
 * for the handler: bodies, header strings (two bytes a char, the worst case) and a fixed cost per
 * object (event, map entry, strings), so a frame of many small headers is charged for what it
 * really takes rather than for its wire bytes. An estimate, on the high side. Stateless.
 */
final class DecodedCallBytes {
  private static final int PER_EVENT = 96; // event, header map, body array headers, list slot
  private static final int PER_HEADER = 128; // map node, table slot, two strings and arrays

  private DecodedCallBytes() {}

  static long of(List<Event> events) {
    long bytes = 0;
    for (Event e : events) {
      bytes += PER_EVENT + e.getBody().length;
      for (Map.Entry<String, String> h : e.getHeaders().entrySet()) {
        bytes += PER_HEADER + 2L * (h.getKey().length() + h.getValue().length());
      }
    }
    return bytes;
  }
}
