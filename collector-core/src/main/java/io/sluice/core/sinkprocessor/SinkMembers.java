package io.sluice.core.sinkprocessor;

import io.sluice.api.Sink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The current members of a sink group, in listing order. Readers get an immutable snapshot; the
 * whole list can be replaced at run time (membership changes), and a processor picks the new list
 * up on its next {@code process()}. Thread-safe.
 */
public final class SinkMembers {

  /** One member: its configured name and the sink. */
  public record Member(String name, Sink sink) {}

  private volatile List<Member> members;

  public SinkMembers(Map<String, Sink> sinksInListingOrder) {
    this.members = toList(sinksInListingOrder);
  }

  public List<Member> snapshot() {
    return members;
  }

  /** Replaces the members; the map's iteration order is the new listing order. */
  public void replace(Map<String, Sink> sinksInListingOrder) {
    this.members = toList(sinksInListingOrder);
  }

  public List<String> names() {
    return members.stream().map(Member::name).toList();
  }

  private static List<Member> toList(Map<String, Sink> sinks) {
    List<Member> out = new ArrayList<>(sinks.size());
    sinks.forEach((n, s) -> out.add(new Member(n, s)));
    return List.copyOf(out);
  }
}
