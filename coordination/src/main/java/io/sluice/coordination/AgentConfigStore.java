package io.sluice.coordination;

import io.sluice.core.config.FlumeProperties;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;

/**
 * Writes agents' configs to {@code <base>/<cluster>/agents/<agent>} (operator side): the whole
 * properties text as the node data, as Flume's ZooKeeper provider reads it. Thread-safe.
 */
public final class AgentConfigStore {
  private final CuratorFramework client;
  private final ZkPaths paths;

  public AgentConfigStore(CuratorFramework client, ZkPaths paths) {
    this.client = client;
    this.paths = paths;
  }

  /**
   * Creates or replaces the agent's config. The text is checked to be readable as properties and to
   * define something for the agent ({@code <agent>.} keys); full validation happens on the agent,
   * which keeps its running config if the new one is invalid.
   *
   * @return the node path written
   */
  public String push(String agent, String propertiesText) {
    String path = paths.agent(agent);
    if (FlumeProperties.under(FlumeProperties.parse(propertiesText), agent + ".").isEmpty()) {
      throw new IllegalArgumentException("the config defines nothing for agent '" + agent
          + "' (no '" + agent + ".' keys)");
    }
    byte[] data = propertiesText.getBytes(StandardCharsets.UTF_8);
    try {
      try {
        client.setData().forPath(path, data);
      } catch (KeeperException.NoNodeException e) {
        client.create().creatingParentsIfNeeded().forPath(path, data);
      }
      return path;
    } catch (Exception e) {
      throw TopologyStore.failure("write the config of agent '" + agent + "'", path, e);
    }
  }

  public Optional<String> read(String agent) {
    String path = paths.agent(agent);
    try {
      return Optional.of(new String(client.getData().forPath(path), StandardCharsets.UTF_8));
    } catch (KeeperException.NoNodeException e) {
      return Optional.empty();
    } catch (Exception e) {
      throw TopologyStore.failure("read the config of agent '" + agent + "'", path, e);
    }
  }
}
