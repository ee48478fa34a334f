package io.sluice.deploy.status;

import io.sluice.coordination.AgentEndpoint;
import java.io.IOException;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code sluice status --sequence}: per tier, reads every aggregator's {@code /sequence} and prints
 * the merged counts ({@link SequenceMerge}). An aggregator that does not answer makes its tier's
 * counts partial, and the output says so. Stateless.
 */
final class TierSequence {
  private TierSequence() {}

  static void print(List<AgentEndpoint> agents, PrintStream out) throws InterruptedException {
    Map<String, List<AgentEndpoint>> tiers = new TreeMap<>();
    for (AgentEndpoint a : agents) {
      if (a.role() == AgentEndpoint.Role.AGGREGATOR) {
        tiers.computeIfAbsent(a.tier(), t -> new ArrayList<>()).add(a);
      }
    }
    if (tiers.isEmpty()) {
      out.println("sequence: no aggregator found");
    }
    SequenceProbe probe = new SequenceProbe();
    for (Map.Entry<String, List<AgentEndpoint>> tier : tiers.entrySet()) {
      List<StreamWindow> windows = new ArrayList<>();
      List<String> notes = new ArrayList<>();
      for (AgentEndpoint a : tier.getValue()) {
        try {
          SequenceProbe.Answer answer = probe.read(a.address());
          windows.addAll(answer.windows());
          if (!answer.checked()) {
            notes.add(a.agent() + " runs no sequenceCheck");
          } else if (!answer.complete()) {
            notes.add(a.agent() + " left streams out of its answer (too many)");
          }
        } catch (IOException e) {
          notes.add(a.agent() + " did not answer (" + e.getMessage() + "): counts are partial");
        }
      }
      out.println();
      out.println("sequence of tier " + tier.getKey() + " (" + tier.getValue().size()
          + " aggregator(s), windows merged):");
      out.print(SequenceTable.render(SequenceMerge.merge(windows)));
      notes.forEach(n -> out.println("  note: " + n));
    }
  }
}
