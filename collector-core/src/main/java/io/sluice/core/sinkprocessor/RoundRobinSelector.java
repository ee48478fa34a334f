package io.sluice.core.sinkprocessor;

import io.sluice.api.SinkSelector;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Starts each batch one member further along than the last (Flume's round-robin advances per
 * batch, not per success), then walks the rest in listing order. Thread-safe.
 */
public final class RoundRobinSelector implements SinkSelector {
  private final AtomicInteger next = new AtomicInteger();

  @Override
  public List<Member> order(List<Member> available) {
    int n = available.size();
    if (n == 0) {
      return List.of();
    }
    int start = Math.floorMod(next.getAndIncrement(), n);
    List<Member> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(available.get((start + i) % n));
    }
    return out;
  }
}
