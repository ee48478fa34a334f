package io.sluice.core.sinkprocessor;

import io.sluice.api.Sink;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The current members of a sink group, in listing order. Readers get an immutable snapshot; members
 * can be added and removed while the group runs, and a processor sees the change on its next
 * {@code process()}. Thread-safe.
 */
public final class SinkMembers {

  /** One member: its name and the sink. */
  public record Member(String name, Sink sink) {}

  private volatile List<Member> members;

  public SinkMembers(Map<String, Sink> sinksInListingOrder) {
    List<Member> out = new ArrayList<>(sinksInListingOrder.size());
    sinksInListingOrder.forEach((n, s) -> out.add(new Member(n, s)));
    this.members = List.copyOf(out);
  }

  public List<Member> snapshot() {
    return members;
  }

  /** Appends a member; a member of the same name is replaced in place. */
  public synchronized void add(String name, Sink sink) {
    List<Member> next = new ArrayList<>(members);
    Member m = new Member(name, sink);
    int at = indexOf(next, name);
    if (at >= 0) {
      next.set(at, m);
    } else {
      next.add(m);
    }
    members = List.copyOf(next);
  }

  /** Removes a member and returns its sink, or null when there was none of that name. */
  public synchronized Sink remove(String name) {
    List<Member> next = new ArrayList<>(members);
    int at = indexOf(next, name);
    if (at < 0) {
      return null;
    }
    Sink removed = next.remove(at).sink();
    members = List.copyOf(next);
    return removed;
  }

  public Sink get(String name) {
    for (Member m : members) {
      if (m.name().equals(name)) {
        return m.sink();
      }
    }
    return null;
  }

  public List<String> names() {
    return members.stream().map(Member::name).toList();
  }

  private static int indexOf(List<Member> list, String name) {
    for (int i = 0; i < list.size(); i++) {
      if (list.get(i).name().equals(name)) {
        return i;
      }
    }
    return -1;
  }
}
