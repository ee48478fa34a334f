package io.sluice.coordination;

import io.sluice.api.config.ConfigException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.Watcher;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the topology document (edge side). Keeps the last valid one: an invalid or deleted
 * document, a lost connection or an expired session leave it in force. Changes are read
 * {@code debounce} after a watch fires; after a reconnect the re-read waits a random time (see
 * {@link JitteredBackoff}), and a failed read is retried with backoff. Can start from a seed (the
 * document cached on disk).
 *
 * <p>Thread-safe. Owns one thread (from the given factory) and the watches it sets; the client is
 * the caller's.
 */
public final class TopologyWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TopologyWatcher.class);

  private final String path;
  private final NodeFollower follower;
  private final CopyOnWriteArrayList<TopologyListener> listeners = new CopyOnWriteArrayList<>();
  private volatile Topology current;
  private volatile boolean synced;

  /**
   * @param debounce how long after a watch fires the document is read (one read per burst)
   * @param backoff the random wait before re-reading after a reconnect, and between failed reads
   * @param seed the document in force until ZooKeeper has been read
   */
  public TopologyWatcher(CuratorFramework client, ZkPaths paths, Duration debounce,
      JitteredBackoff backoff, ThreadFactory threads, Optional<Topology> seed) {
    this.path = paths.topology();
    this.current = seed.orElse(null);
    this.follower = new NodeFollower(client, "the topology", this::read, debounce, backoff,
        threads);
  }

  public void addListener(TopologyListener listener) {
    listeners.add(listener);
  }

  public void start() {
    follower.start();
    LOG.info("Watching the topology at {}", path);
  }

  /** The topology in force: the last valid one read, or the seed; empty if there was never one. */
  public Optional<Topology> current() {
    return Optional.ofNullable(current);
  }

  /** True once the document has been read from ZooKeeper at least once. */
  public boolean synced() {
    return synced;
  }

  /** Successful reads from ZooKeeper so far. */
  long reads() {
    return follower.reads();
  }

  /** Reads the document and re-arms its watch (an exists-watch while there is none). */
  private void read(CuratorFramework zk, Watcher watch) throws Exception {
    Stat stat = new Stat();
    Optional<byte[]> data = NodeFollower.readOrWatchCreation(zk, path, watch,
        () -> zk.getData().storingStatIn(stat).usingWatcher(watch).forPath(path));
    try {
      if (data.isEmpty()) {
        if (current != null) {
          LOG.warn("The topology node {} is gone; keeping version {}", path, current.version());
        }
        return;
      }
      publish(data.get(), stat);
    } finally {
      synced = true;
    }
  }

  private void publish(byte[] data, Stat stat) {
    Topology next;
    try {
      // A node written without data reads as null: an empty (so invalid) document.
      next = TopologyCodec.parse(data == null ? new byte[0] : data)
          .withVersion(stat.getVersion() + 1L);
    } catch (ConfigException e) {
      LOG.error("Ignoring the invalid topology at {}; keeping version {}. {}", path,
          current == null ? "none" : current.version(), e.getMessage());
      return;
    }
    if (next.equals(current)) {
      return;
    }
    LOG.info("Topology version {} in force (routes {})", next.version(), next.routes().keySet());
    current = next;
    for (TopologyListener l : listeners) {
      try {
        l.onTopologyChanged(next);
      } catch (RuntimeException e) {
        LOG.error("Topology listener {} failed on version {}", l, next.version(), e);
      }
    }
  }

  /** Stops watching; the listeners hear nothing more. Idempotent. */
  @Override
  public void close() {
    follower.close();
  }
}
