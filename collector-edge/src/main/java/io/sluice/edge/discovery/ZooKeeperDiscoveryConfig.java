package io.sluice.edge.discovery;

import io.sluice.coordination.JitteredBackoff;
import io.sluice.coordination.MembershipWatcher;
import io.sluice.coordination.ZkSettings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code discovery.*} keys of a sink group discovered from ZooKeeper. Immutable.
 *
 * @param zk how to reach ZooKeeper ({@code connect}, {@code cluster}, {@code basePath}, digest
 *     credentials from the environment)
 * @param tier the tier used while the topology has no route for the group ({@code tier})
 * @param cacheDir where the last good topology and membership are kept ({@code cacheDir}); empty
 *     means a directory per agent and group under {@code java.io.tmpdir}
 * @param resyncJitter the longest random wait before re-reading ZooKeeper after a reconnect
 *     ({@code resyncJitter}, ms)
 * @param maxMembers the most members the tier may list ({@code maxMembers})
 * @param trust what a member must be for the edge to send to it ({@code requireTls}, {@code
 *     allowedHosts})
 */
public record ZooKeeperDiscoveryConfig(ZkSettings zk, String tier, Optional<Path> cacheDir,
    Duration resyncJitter, int maxMembers, MemberTrust trust) {

  /** With the default member limit, trusting any member. */
  public ZooKeeperDiscoveryConfig(ZkSettings zk, String tier, Optional<Path> cacheDir,
      Duration resyncJitter) {
    this(zk, tier, cacheDir, resyncJitter, MembershipWatcher.DEFAULT_MAX_MEMBERS,
        MemberTrust.ANY);
  }

  /** The re-read pacing of this group's watchers. */
  public JitteredBackoff backoff() {
    return JitteredBackoff.withMaxJitter(resyncJitter);
  }

  /** The cache file for one agent's group. */
  public Path cacheFile(String agent, String group) {
    Path dir = cacheDir.orElseGet(() -> Path.of(System.getProperty("java.io.tmpdir"),
        "sluice-edge-cache", agent + "-" + group));
    return dir.resolve("discovery.properties");
  }
}
