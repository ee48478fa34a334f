package io.sluice.edge.discovery;

import io.sluice.api.Lifecycle;
import io.sluice.api.spi.DiscoveryContext;
import io.sluice.coordination.DiscoveredGroup;
import io.sluice.coordination.EdgeDiscovery;
import io.sluice.coordination.MembershipWatcher;
import io.sluice.coordination.TopologyCache;
import io.sluice.coordination.ZkClientFactory;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One discovered sink group's link to ZooKeeper: owns a Curator client and an {@link EdgeDiscovery}
 * following the group, and reports every change of its route or members to the runtime. Start
 * does not wait for ZooKeeper: the disk cache answers first, so an edge restarted during an outage
 * sends to its last known aggregators. While ZooKeeper is unreachable the last membership stays.
 *
 * <p>Thread-safe: start and stop are serialised; reports come from the discovery's own thread.
 */
public final class ZooKeeperDiscovery implements Lifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperDiscovery.class);

  private final ZooKeeperDiscoveryConfig config;
  private final DiscoveryContext context;
  private CuratorFramework client;
  private EdgeDiscovery discovery;

  public ZooKeeperDiscovery(ZooKeeperDiscoveryConfig config, DiscoveryContext context) {
    this.config = config;
    this.context = context;
  }

  @Override
  public synchronized void start() {
    if (client != null) {
      return;
    }
    String group = context.groupName();
    client = new ZkClientFactory(config.zk()).start();
    TopologyCache cache = new TopologyCache(config.cacheFile(context.agentName(), group));
    discovery = new EdgeDiscovery(client, config.zk().paths(), cache,
        context.threadFactory("zk-discovery"), MembershipWatcher.DEFAULT_DEBOUNCE,
        config.backoff());
    discovery.start();
    discovery.follow(group, Optional.of(config.tier()), this::report);
    LOG.info("Sink group {} follows its route in ZooKeeper {} {} (default tier {}, cache {},"
        + " resync jitter {} ms)", group, config.zk().connectString(), config.zk().paths(),
        config.tier(), cache.file(), config.resyncJitter().toMillis());
  }

  private void report(DiscoveredGroup g) {
    var members = MemberSinks.of(g);
    LOG.info("Sink group {}: tier {} ({}, topology version {}), members {}", g.edgeGroup(),
        g.route().tier(), g.route().mode().key(), g.topologyVersion(), members.keySet());
    if (g.topologyVersion() > 0) {
      // A route in the topology decides the mode; without one the edge config's processor stays.
      context.processorChanged(MemberSinks.processorKeys(g.route()));
    }
    context.membersChanged(members);
  }

  /** The Curator client, for tests that need to expire its session. */
  synchronized CuratorFramework client() {
    return client;
  }

  @Override
  public synchronized void stop() {
    if (discovery != null) {
      discovery.close();
      discovery = null;
    }
    if (client != null) {
      client.close();
      client = null;
    }
  }
}
