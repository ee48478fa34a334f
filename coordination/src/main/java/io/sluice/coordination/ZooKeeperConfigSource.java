package io.sluice.coordination;

import io.sluice.core.agent.ConfigSource;
import io.sluice.core.config.FlumeProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.zookeeper.KeeperException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's config held in ZooKeeper the way Flume's ZooKeeper config provider holds it: the whole
 * properties text is the data of {@code <basePath>/<agent>} (Sluice's own layout uses
 * {@code <base>/<cluster>/agents} as the base path). {@link #read()} reads the node;
 * {@link #onChange} runs a callback whenever the node changes, so the agent can reload at once
 * instead of waiting for its next poll.
 *
 * <p>Thread-safe. The client is the caller's; {@link #close()} stops the change watch only.
 */
public final class ZooKeeperConfigSource implements ConfigSource, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperConfigSource.class);

  private final CuratorFramework client;
  private final String path;
  private final CopyOnWriteArrayList<Runnable> callbacks = new CopyOnWriteArrayList<>();
  private CuratorCache watch;

  public ZooKeeperConfigSource(CuratorFramework client, String basePath, String agentName) {
    this.client = client;
    ZkPaths.checkName("agent name", agentName);
    this.path = ("/".equals(basePath) ? "" : basePath) + "/" + agentName;
  }

  /** The node's path, {@code <basePath>/<agent>}. */
  public String path() {
    return path;
  }

  @Override
  public Map<String, String> read() throws IOException {
    if (!client.getZookeeperClient().isConnected()) {
      throw new IOException("ZooKeeper at '" + client.getZookeeperClient()
          .getCurrentConnectionString() + "' is not connected; cannot read " + path);
    }
    try {
      return FlumeProperties.parse(
          new String(client.getData().forPath(path), StandardCharsets.UTF_8));
    } catch (KeeperException.NoNodeException e) {
      throw new IOException("no agent config in ZooKeeper at " + path
          + " (push one with 'sluice config push')", e);
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt();
      }
      throw new IOException("cannot read the agent config at ZooKeeper " + path + ": " + e, e);
    }
  }

  @Override
  public String describe() {
    return "zookeeper:" + path;
  }

  /**
   * Calls {@code callback} (on Curator's event thread; it should hand work off or be quick) each
   * time the node is created, changed or deleted.
   */
  public synchronized void onChange(Runnable callback) {
    callbacks.add(callback);
    if (watch != null) {
      return;
    }
    watch = CuratorCache.build(client, path, CuratorCache.Options.SINGLE_NODE_CACHE);
    watch.listenable().addListener(CuratorCacheListener.builder()
        .forAll((type, before, after) -> fire())
        .build());
    watch.start();
  }

  private void fire() {
    for (Runnable r : callbacks) {
      try {
        r.run();
      } catch (RuntimeException e) {
        LOG.error("Config change callback for {} failed", path, e);
      }
    }
  }

  @Override
  public synchronized void close() {
    if (watch != null) {
      watch.close();
      watch = null;
    }
  }
}
