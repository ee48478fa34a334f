package io.sluice.deploy.drill;

import io.sluice.deploy.quickstart.Ledger;
import io.sluice.deploy.quickstart.LocalCluster;
import java.io.IOException;
import java.time.Duration;

/**
 * {@code rotate}: the log writers feeding the edges' TAILDIR sources rotate their files every
 * {@code every} (rename and copytruncate alternately) until the restore. The writers rotate
 * between two of their own writes, so copytruncate's race (lines written between the copy and the
 * truncation are in neither file) cannot lose a line: whatever is missing, TAILDIR lost. Not
 * thread-safe.
 */
final class RotateFault implements Fault {
  private final LocalCluster cluster;
  private final Duration every;

  RotateFault(LocalCluster cluster, Duration every) {
    if (!cluster.load().tailed()) {
      throw new IllegalArgumentException("--fault rotate needs edges that tail log files");
    }
    this.cluster = cluster;
    this.every = every;
  }

  @Override
  public String inject() throws IOException {
    cluster.rotateLogs(every);
    return "log writers rotate their files every " + every.toMillis() + " ms, the first time "
        + "now (rename, copytruncate, ...)";
  }

  @Override
  public String restore() throws IOException {
    cluster.rotateLogs(Duration.ZERO);
    long renames = 0;
    long copytruncates = 0;
    for (Ledger l : cluster.ledgers().values()) {
      renames += l.renames();
      copytruncates += l.copytruncates();
    }
    return "log writers stopped rotating (about " + renames + " rename and " + copytruncates
        + " copytruncate rotations so far)";
  }
}
