package io.sluice.deploy.status;

import io.sluice.coordination.AgentEndpoint;
import io.sluice.coordination.Member;
import io.sluice.coordination.MembershipQuery;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * The cluster as {@code sluice status} and {@code sluice top} show it: every agent that recorded
 * its monitoring address in ZooKeeper, read at once, with rates taken against the previous
 * refresh. Not thread-safe: one caller refreshes it; {@link #close()} stops its threads.
 */
final class ClusterView implements AutoCloseable {
  /** Past the probe's own timeouts: an agent that has not answered by then is down. */
  private static final long ANSWER_WITHIN_MS = 3000;

  private final MembershipQuery query;
  private final AgentProbe probe = new AgentProbe();
  private Map<String, Reading> previous = new HashMap<>();

  ClusterView(MembershipQuery query) {
    this.query = query;
  }

  /** Reads every agent once; rates compare with the last refresh ("-" on the first). */
  List<AgentRow> refresh() {
    List<AgentEndpoint> agents = query.endpoints();
    Map<AgentEndpoint, CompletableFuture<Reading>> answers = new LinkedHashMap<>();
    for (AgentEndpoint a : agents) {
      answers.put(a, probe.read(a).completeOnTimeout(
          Reading.down(System.nanoTime(), "no answer"), ANSWER_WITHIN_MS, TimeUnit.MILLISECONDS));
    }
    Set<String> members = members(agents);
    Map<String, Reading> now = new HashMap<>();
    List<AgentRow> rows = new ArrayList<>();
    answers.forEach((a, f) -> {
      Reading r = f.join();
      now.put(a.id(), r);
      rows.add(AgentRow.of(a, previous.get(a.id()), r,
          members.contains(a.tier() + "/" + a.memberId())));
    });
    previous = now;
    return rows;
  }

  /** {@code tier/memberId} of every live member of the tiers the aggregators name. */
  private Set<String> members(List<AgentEndpoint> agents) {
    Set<String> out = new HashSet<>();
    agents.stream().map(AgentEndpoint::tier).filter(t -> !t.isEmpty()).distinct()
        .forEach(t -> {
          for (Member m : query.tier(t)) {
            out.add(t + "/" + m.id());
          }
        });
    return out;
  }

  @Override
  public void close() {
    probe.close();
  }
}
