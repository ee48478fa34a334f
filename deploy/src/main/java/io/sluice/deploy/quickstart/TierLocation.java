package io.sluice.deploy.quickstart;

import io.sluice.coordination.ZkSettings;

/**
 * Where edges find their aggregators in ZooKeeper: the connect string (a {@code /chroot} suffix
 * is allowed), the Sluice cluster, the base path of Sluice's tree and the aggregators' tier.
 * Immutable.
 */
public record TierLocation(String connect, String cluster, String basePath, String tier) {

  /** The quickstart's own: cluster {@code quickstart}, tier {@code aggregators}. */
  public static TierLocation quickstart(String connect) {
    return new TierLocation(connect, ClusterConfigs.CLUSTER, ZkSettings.DEFAULT_BASE_PATH,
        ClusterConfigs.TIER);
  }

  /** The settings a ZooKeeper client of this cluster uses (credentials from the environment). */
  public ZkSettings settings() {
    return ZkSettings.of(connect, cluster).withBasePath(basePath).withEnvironment(System.getenv());
  }
}
