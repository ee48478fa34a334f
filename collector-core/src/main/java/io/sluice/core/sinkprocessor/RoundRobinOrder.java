package io.sluice.core.sinkprocessor;

import io.sluice.core.sinkprocessor.SinkMembers.Member;
import java.util.ArrayList;
import java.util.List;

/**
 * Starts each batch one sink further along than the last (Flume's round-robin advances per batch,
 * not per success), then walks the rest in listing order. Not thread-safe.
 */
public final class RoundRobinOrder implements SinkOrder {
  private int next;

  @Override
  public List<Member> order(List<Member> available) {
    int n = available.size();
    if (n == 0) {
      return List.of();
    }
    if (next >= n) {
      next = 0;
    }
    int start = next++;
    List<Member> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(available.get((start + i) % n));
    }
    return out;
  }
}
