package io.sluice.coordination;

import io.sluice.api.config.ConfigException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.zookeeper.data.Stat;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the topology document (edge side). Keeps the last valid one: an invalid or deleted
 * document, a lost connection or an expired session leave it in force, and the cache resyncs when
 * ZooKeeper is back. Can start from a seed (the document cached on disk).
 *
 * <p>Thread-safe. Owns one thread (from the given factory) and its Curator cache; the client is the
 * caller's.
 */
public final class TopologyWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(TopologyWatcher.class);

  private final String path;
  private final CuratorCache cache;
  private final ScheduledExecutorService notifier;
  private final Debouncer debouncer;
  private final CopyOnWriteArrayList<TopologyListener> listeners = new CopyOnWriteArrayList<>();
  private volatile Topology current;
  private volatile boolean synced;

  public TopologyWatcher(CuratorFramework client, ZkPaths paths, Duration debounce,
      ThreadFactory threads, Optional<Topology> seed) {
    this.path = paths.topology();
    this.current = seed.orElse(null);
    this.cache = CuratorCache.build(client, path, CuratorCache.Options.SINGLE_NODE_CACHE);
    this.notifier = Executors.newSingleThreadScheduledExecutor(threads);
    this.debouncer = new Debouncer(notifier, debounce, this::publish);
  }

  public void addListener(TopologyListener listener) {
    listeners.add(listener);
  }

  public void start() {
    cache.listenable().addListener(CuratorCacheListener.builder()
        .forAll((type, before, after) -> {
          if (synced) {
            debouncer.trigger();
          }
        })
        .forInitialized(() -> {
          synced = true;
          debouncer.trigger();
        })
        .build());
    cache.start();
    LOG.info("Watching the topology at {}", path);
  }

  /** The topology in force: the last valid one read, or the seed; empty if there was never one. */
  public Optional<Topology> current() {
    return Optional.ofNullable(current);
  }

  public boolean synced() {
    return synced;
  }

  private void publish() {
    Optional<ChildData> node = cache.get(path);
    if (node.isEmpty()) {
      if (current != null) {
        LOG.warn("The topology node {} is gone; keeping version {}", path, current.version());
      }
      return;
    }
    Topology next;
    try {
      Stat stat = node.get().getStat();
      next = TopologyCodec.parse(node.get().getData()).withVersion(stat.getVersion() + 1L);
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

  @Override
  public void close() {
    cache.close();
    notifier.shutdownNow();
  }
}
