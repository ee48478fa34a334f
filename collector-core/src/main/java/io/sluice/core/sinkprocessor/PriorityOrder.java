package io.sluice.core.sinkprocessor;

import io.sluice.core.sinkprocessor.SinkMembers.Member;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Failover preference: sinks with a {@code priority.<sink>} first, highest priority first; then the
 * sinks without one in listing order (Flume documents listing order but really uses hash order).
 * The order is recomputed only when the member list changes. Not thread-safe.
 */
final class PriorityOrder {
  private final Map<String, Integer> priorities;
  private List<Member> basis;
  private List<Member> ordered;

  PriorityOrder(Map<String, Integer> priorities) {
    this.priorities = Map.copyOf(priorities);
  }

  List<Member> order(List<Member> members) {
    if (members != basis) {
      List<Member> prioritised = new ArrayList<>();
      List<Member> rest = new ArrayList<>();
      for (Member m : members) {
        (priorities.containsKey(m.name()) ? prioritised : rest).add(m);
      }
      prioritised.sort(Comparator.comparing((Member m) -> priorities.get(m.name())).reversed());
      prioritised.addAll(rest);
      ordered = List.copyOf(prioritised);
      basis = members;
    }
    return ordered;
  }
}
