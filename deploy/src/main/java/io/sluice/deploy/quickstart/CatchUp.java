package io.sluice.deploy.quickstart;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * After the log writers stopped: waits until each edge's TAILDIR source has read everything its
 * writer wrote, so that stopping the edges then loses no line to the count. An edge has caught up
 * when its source has no unread bytes ({@code UnreadBytes} 0) and either accepted at least as many
 * lines as its writer wrote, or accepted nothing more for {@link #QUIET} (a restarted edge counts
 * from 0; duplicates or losses make the counts differ). Used from one thread.
 */
final class CatchUp {
  static final Duration QUIET = Duration.ofSeconds(3);
  private static final long POLL_MILLIS = 250;

  private final MetricsClient metrics;

  CatchUp(MetricsClient metrics) {
    this.metrics = metrics;
  }

  /**
   * @param written lines written per edge (its writer's final ledger)
   * @return the edges that had not caught up by the deadline (empty when all did)
   */
  List<String> await(Map<NodeProcess, Long> written, Duration timeout)
      throws InterruptedException {
    long deadline = System.nanoTime() + timeout.toNanos();
    Map<String, Long> lastAccepted = new HashMap<>();
    Map<String, Long> changedAt = new HashMap<>();
    List<String> behind;
    while (true) {
      behind = new ArrayList<>();
      long now = System.nanoTime();
      for (Map.Entry<NodeProcess, Long> e : written.entrySet()) {
        NodeProcess edge = e.getKey();
        if (!edge.isAlive()) {
          continue; // killed and not restarted: it reads the rest when it runs again
        }
        Map<String, Map<String, Long>> m = metrics.read(edge.metricsPort());
        Map<String, Long> source = m.getOrDefault("SOURCE.r1", Map.of());
        long accepted = source.getOrDefault("EventAcceptedCount", -1L);
        long unread = source.getOrDefault("UnreadBytes", -1L);
        Long before = lastAccepted.put(edge.name(), accepted);
        if (before == null || before != accepted) {
          changedAt.put(edge.name(), now);
        }
        boolean quiet = now - changedAt.get(edge.name()) >= QUIET.toNanos();
        if (accepted < 0 || unread != 0 || accepted < e.getValue() && !quiet) {
          behind.add(edge.name());
        }
      }
      if (behind.isEmpty() || now - deadline >= 0) {
        return behind;
      }
      TimeUnit.MILLISECONDS.sleep(POLL_MILLIS);
    }
  }
}
