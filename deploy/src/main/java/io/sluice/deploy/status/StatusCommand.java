package io.sluice.deploy.status;

import io.sluice.coordination.MembershipQuery;
import java.io.PrintStream;
import java.time.Duration;
import java.util.List;

/**
 * {@code sluice status}: reads every agent twice, {@code interval} apart, and prints one table.
 * Exit code 0 when every agent found is ready, 1 when one is not, is down, or none is found.
 */
public final class StatusCommand {
  public static final Duration DEFAULT_INTERVAL = Duration.ofSeconds(1);
  static final String NONE_FOUND = "no agent has recorded its monitoring address in ZooKeeper"
      + " (agents record it when run with --zk HOSTS and -Dflume.monitoring.type=http)";

  private StatusCommand() {}

  /** @param sequence also print each tier's merged conservation headers ({@link TierSequence}) */
  public static int run(MembershipQuery query, String cluster, Duration interval,
      boolean sequence, PrintStream out) throws InterruptedException {
    try (ClusterView view = new ClusterView(query)) {
      view.refresh();
      Thread.sleep(interval.toMillis()); // the rates are taken over this interval
      List<AgentRow> rows = view.refresh();
      if (rows.isEmpty()) {
        out.println(NONE_FOUND);
        return 1;
      }
      out.print(StatusTable.render(cluster, rows, 0));
      if (sequence) {
        TierSequence.print(rows.stream().map(AgentRow::agent).toList(), out);
      }
      return rows.stream().allMatch(r -> r.now().up() && r.now().ready()) ? 0 : 1;
    }
  }
}
