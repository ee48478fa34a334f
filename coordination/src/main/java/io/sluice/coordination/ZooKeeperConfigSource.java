package io.sluice.coordination;

import io.sluice.core.agent.ConfigSource;
import io.sluice.core.config.FlumeProperties;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An agent's config held in ZooKeeper the way Flume's ZooKeeper config provider holds it: the whole
 * properties text is the data of {@code <basePath>/<agent>} (Sluice's own layout uses
 * {@code <base>/<cluster>/agents} as the base path). {@link #read()} reads the node;
 * {@link #onChange} runs a callback when the node changes, so the agent can reload at once instead
 * of waiting for its next poll.
 *
 * <p>Changes are followed with a {@link NodeFollower}: an exists-watch on the node (it fires on
 * creation, deletion and new data) is checked 200 ms after it fires; after a
 * reconnect or a new session the check waits a random delay from the {@link JitteredBackoff}, so a
 * thousand agents back from a ZooKeeper outage do not all reload at once, and it calls back only if
 * the node was written (or created, or deleted) since it was last read or checked: a reconnect
 * without a change costs one {@code exists} call and no reload.
 *
 * <p>Thread-safe. Owns one thread (from the given factory, started by the first {@link #onChange});
 * the client is the caller's. {@link #close()} stops following; {@link #read()} still works.
 */
public final class ZooKeeperConfigSource implements ConfigSource, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(ZooKeeperConfigSource.class);
  /** {@link #lastSeen} before the node was ever read. */
  private static final long UNKNOWN = Long.MIN_VALUE;
  /** {@link #lastSeen} when the node was last found missing (real zxids are positive). */
  private static final long ABSENT = -1;

  private final CuratorFramework client;
  private final String path;
  private final JitteredBackoff backoff;
  private final ThreadFactory threads;
  private final CopyOnWriteArrayList<Runnable> callbacks = new CopyOnWriteArrayList<>();
  /**
   * The mzxid of the node as last read or checked: which write of it the agent has seen. A read
   * racing with a check may leave an older write here; that costs one needless callback later,
   * never a missed change.
   */
  private final AtomicLong lastSeen = new AtomicLong(UNKNOWN);
  private NodeFollower follower; // guarded by this
  private boolean closed; // guarded by this

  /**
   * @param backoff the random wait before checking the node again after a reconnect, and between
   *     failed checks
   * @param threads makes the thread that follows the node (one, on the first {@link #onChange})
   */
  public ZooKeeperConfigSource(CuratorFramework client, String basePath, String agentName,
      JitteredBackoff backoff, ThreadFactory threads) {
    this.client = client;
    ZkPaths.checkName("agent name", agentName);
    this.path = ("/".equals(basePath) ? "" : basePath) + "/" + agentName;
    this.backoff = backoff;
    this.threads = threads;
  }

  /** The node's path, {@code <basePath>/<agent>}. */
  public String path() {
    return path;
  }

  /** The longest random wait before checking the node after a reconnect. */
  public Duration resyncJitter() {
    return backoff.maxJitter();
  }

  @Override
  public Map<String, String> read() throws IOException {
    if (!client.getZookeeperClient().isConnected()) {
      throw new IOException("ZooKeeper at '" + client.getZookeeperClient()
          .getCurrentConnectionString() + "' is not connected; cannot read " + path);
    }
    try {
      Stat stat = new Stat();
      byte[] data = client.getData().storingStatIn(stat).forPath(path);
      lastSeen.set(stat.getMzxid());
      return FlumeProperties.parse(new String(data, StandardCharsets.UTF_8));
    } catch (KeeperException.NoNodeException e) {
      lastSeen.set(ABSENT);
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
   * Calls {@code callback} each time the node is created, written or deleted; the first call starts
   * following the node. Callbacks run on the source's thread, one at a time: a slow one delays the
   * next check, so hand long work (a reload) off.
   *
   * @throws IllegalStateException after {@link #close()}
   */
  public synchronized void onChange(Runnable callback) {
    if (closed) {
      throw new IllegalStateException("the config source for " + path + " is closed");
    }
    callbacks.add(callback);
    if (follower == null) {
      follower = new NodeFollower(client, "the agent config at " + path, this::check,
          NodeFollower.DEFAULT_DEBOUNCE, backoff, threads);
      follower.start();
    }
  }

  /** Successful checks of the node so far (0 until {@link #onChange} is first called). */
  synchronized long checks() {
    return follower == null ? 0 : follower.reads();
  }

  /**
   * Looks at the node's stat (not its data: the callback reads that if it needs it), re-arming the
   * exists-watch, and calls back if it is another write than the one last seen. The first check
   * before any {@link #read()} only learns where things stand.
   */
  private void check(CuratorFramework zk, Watcher watch) throws Exception {
    Stat stat = zk.checkExists().usingWatcher(watch).forPath(path);
    long now = stat == null ? ABSENT : stat.getMzxid();
    long before = lastSeen.getAndSet(now);
    if (before == UNKNOWN || before == now) {
      return;
    }
    LOG.info("The agent config at {} {}", path, stat == null ? "is gone" : "changed");
    for (Runnable r : callbacks) {
      try {
        r.run();
      } catch (RuntimeException e) {
        LOG.error("Config change callback for {} failed", path, e);
      }
    }
  }

  /** Stops following the node; the callbacks hear nothing more. Idempotent. */
  @Override
  public synchronized void close() {
    closed = true;
    if (follower != null) {
      follower.close();
    }
  }
}
