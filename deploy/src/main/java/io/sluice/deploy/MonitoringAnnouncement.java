package io.sluice.deploy;

import io.sluice.coordination.AgentEndpoint;
import io.sluice.coordination.AgentEndpointCodec;
import io.sluice.coordination.EphemeralNode;
import io.sluice.coordination.ZkClientFactory;
import io.sluice.coordination.ZkSettings;
import io.sluice.core.metrics.HttpMetricsServer;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.time.Duration;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's monitoring server recorded in ZooKeeper ({@code monitoring/<agent@host:port>}, an
 * ephemeral node), so {@code sluice status} and {@code sluice top} find every agent, edges too.
 * Owns its Curator client; the node is written as soon as ZooKeeper is reachable and goes on
 * {@link #close()} or with the session. A node that cannot be written never stops the agent.
 */
final class MonitoringAnnouncement implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MonitoringAnnouncement.class);
  private static final Duration CLOSE_TIMEOUT = Duration.ofSeconds(2);

  private final CuratorFramework client;
  private final EphemeralNode node;

  private MonitoringAnnouncement(CuratorFramework client, EphemeralNode node) {
    this.client = client;
    this.node = node;
  }

  /**
   * Starts announcing {@code server} for {@code cl}'s agent; returns at once.
   *
   * @throws IllegalArgumentException naming what is wrong with the ZooKeeper settings or names
   */
  static MonitoringAnnouncement start(AgentCommandLine cl, HttpMetricsServer server,
      Map<String, String> env) {
    AgentCommandLine.Announcement a = cl.announcement().orElseThrow();
    String host = a.advertiseHost().orElseGet(() -> defaultHost(server.bindAddress()));
    long pid = ProcessHandle.current().pid();
    AgentEndpoint endpoint = cl.registration()
        .map(r -> new AgentEndpoint(cl.name(), AgentEndpoint.Role.AGGREGATOR, host, server.port(),
            pid, SluiceMain.version(), r.tier(), r.memberId().orElse(cl.name())))
        .orElseGet(() -> AgentEndpoint.edge(cl.name(), host, server.port(), pid,
            SluiceMain.version()));
    ZkSettings zk = ZkSettings.of(a.zkConnect(), a.cluster()).withEnvironment(env);
    String path = zk.paths().monitoring(endpoint.id());
    CuratorFramework client = new ZkClientFactory(zk).start();
    EphemeralNode node = new EphemeralNode(client, path, AgentEndpointCodec.encode(endpoint),
        cl.name(), CLOSE_TIMEOUT);
    LOG.info("Recording the monitoring address of agent {} ({}) at {}", cl.name(),
        endpoint.address(), path);
    return new MonitoringAnnouncement(client, node);
  }

  /** The bind address, unless it is a wildcard: then this machine's name, as registration does. */
  private static String defaultHost(InetAddress bind) {
    if (bind != null && !bind.isAnyLocalAddress()) {
      return bind.getHostAddress();
    }
    try {
      return InetAddress.getLocalHost().getCanonicalHostName();
    } catch (UnknownHostException e) {
      return "localhost";
    }
  }

  /** Waits for the node's first write; true once it is in ZooKeeper. */
  boolean awaitAnnounced(Duration timeout) throws InterruptedException {
    return node.awaitCreated(timeout);
  }

  @Override
  public void close() {
    try {
      node.close();
    } finally {
      client.close();
    }
  }
}
