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
 * <p>Gauges in the group's metrics ({@code DISCOVERY.<group>}): {@code ZooKeeperConnected} (1 or 0)
 * and {@code ZooKeeperSessionId} (the client's current session, 0 while it has none), so an operator
 * can match an edge with ZooKeeper's own log lines ("Expiring session 0x...") and a drill can expire
 * exactly this edge's session.
 *
 * <p>Thread-safe: start and stop are serialised; reports come from the discovery's own thread.
 */
public final class ZooKeeperDiscovery implements Lifecycle {
  private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperDiscovery.class);

  private final ZooKeeperDiscoveryConfig config;
  private final DiscoveryContext context;
  /** Read by the metrics gauges from any thread; written under the lock. */
  private volatile CuratorFramework client;
  private EdgeDiscovery discovery;
  private TrustedMembers trusted;

  public ZooKeeperDiscovery(ZooKeeperDiscoveryConfig config, DiscoveryContext context) {
    this.config = config;
    this.context = context;
    context.metrics().gauge("ZooKeeperConnected", () -> connected() ? 1 : 0);
    context.metrics().gauge("ZooKeeperSessionId", this::sessionId);
  }

  private boolean connected() {
    CuratorFramework c = client;
    return c != null && c.getZookeeperClient().isConnected();
  }

  /** The current session id, or 0 when not connected (a stale id would mislead an operator). */
  private long sessionId() {
    CuratorFramework c = client;
    if (c == null || !c.getZookeeperClient().isConnected()) {
      return 0;
    }
    try {
      return c.getZookeeperClient().getZooKeeper().getSessionId();
    } catch (Exception e) {
      return 0; // closing or reconnecting: no session to report
    }
  }

  @Override
  public synchronized void start() {
    if (client != null) {
      return;
    }
    String group = context.groupName();
    client = new ZkClientFactory(config.zk()).start();
    TopologyCache cache = new TopologyCache(config.cacheFile(context.agentName(), group));
    trusted = new TrustedMembers(config.trust(), config.zk().paths());
    discovery = new EdgeDiscovery(client, config.zk().paths(), cache,
        context.threadFactory("zk-discovery"), MembershipWatcher.DEFAULT_DEBOUNCE,
        config.backoff(), config.maxMembers());
    discovery.start();
    discovery.follow(group, Optional.of(config.tier()), this::report);
    LOG.info("Sink group {} follows its route in ZooKeeper {} {} (default tier {}, cache {},"
        + " resync jitter {} ms, requireTls {}, allowedHosts {})", group,
        config.zk().connectString(), config.zk().paths(), config.tier(), cache.file(),
        config.resyncJitter().toMillis(), config.trust().requireTls(),
        config.trust().allowedHosts().isEmpty() ? "any" : config.trust().allowedHosts());
  }

  private void report(DiscoveredGroup discovered) {
    DiscoveredGroup g = trusted.filter(discovered);
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
