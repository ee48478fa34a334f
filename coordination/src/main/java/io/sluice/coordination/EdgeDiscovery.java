package io.sluice.coordination;

import java.io.IOException;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An edge's view of the cluster: the topology plus the members of every tier one of its sink
 * groups routes to, kept live from ZooKeeper and cached on disk. One per agent.
 *
 * <p>On start it loads the {@link TopologyCache} and answers from it at once, so an edge restarted
 * during a ZooKeeper outage still sends; the cache is rewritten after every change. While ZooKeeper
 * is unreachable the last known view stays in force indefinitely. When it comes back, each part of
 * the view is re-read after a random delay ({@link JitteredBackoff}) so that a thousand edges do
 * not all read at once.
 *
 * <p>Thread-safe. All notifications run on one thread it owns, in order; the client is the caller's.
 */
public final class EdgeDiscovery implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EdgeDiscovery.class);

  private final CuratorFramework client;
  private final ZkPaths paths;
  private final TopologyCache cache;
  private final ThreadFactory threads;
  private final Duration debounce;
  private final JitteredBackoff backoff;
  private final int maxMembers;
  private final ExecutorService events;
  private final Map<String, MembershipWatcher> tiers = new HashMap<>();
  private final List<Follower> followers = new CopyOnWriteArrayList<>();
  private TopologyWatcher topologyWatcher;
  private volatile DiscoverySnapshot snapshot = DiscoverySnapshot.empty();
  private boolean closed;

  /**
   * @param debounce how long after a change in ZooKeeper it is read (one read per burst)
   * @param backoff the random wait before re-reading after a reconnect, and between failed reads
   */
  public EdgeDiscovery(CuratorFramework client, ZkPaths paths, TopologyCache cache,
      ThreadFactory threads, Duration debounce, JitteredBackoff backoff) {
    this(client, paths, cache, threads, debounce, backoff, MembershipWatcher.DEFAULT_MAX_MEMBERS);
  }

  /** @param maxMembers the most members a followed tier may list (see {@link MembershipWatcher}) */
  public EdgeDiscovery(CuratorFramework client, ZkPaths paths, TopologyCache cache,
      ThreadFactory threads, Duration debounce, JitteredBackoff backoff, int maxMembers) {
    this.maxMembers = maxMembers;
    this.client = client;
    this.paths = paths;
    this.cache = cache;
    this.threads = threads;
    this.debounce = debounce;
    this.backoff = backoff;
    this.events = Executors.newSingleThreadExecutor(threads);
  }

  /** Loads the disk cache and starts following ZooKeeper; does not wait for a connection. */
  public synchronized void start() {
    cache.load().ifPresent(s -> {
      snapshot = s;
      LOG.info("Starting from the cached topology {} in {}",
          s.topology().map(t -> "version " + t.version()).orElse("(none)"), cache.file());
    });
    topologyWatcher = new TopologyWatcher(client, paths, debounce, backoff, threads,
        snapshot.topology());
    topologyWatcher.addListener(t -> events.execute(() -> onTopology(t)));
    topologyWatcher.start();
  }

  /**
   * Follows one sink group. The listener hears the group's current state at once if there is one
   * (from ZooKeeper or the cache), then every change.
   *
   * @param defaultTier the tier to use while the topology has no route for the group (e.g. from
   *     {@code discovery.tier} in the edge config)
   */
  public synchronized void follow(String edgeGroup, Optional<String> defaultTier,
      DiscoveredGroupListener listener) {
    Follower f = new Follower(edgeGroup, defaultTier, listener);
    followers.add(f);
    events.execute(() -> refresh(f));
  }

  /** The group as things stand, without following it. */
  public Optional<DiscoveredGroup> current(String edgeGroup, Optional<String> defaultTier) {
    return resolve(edgeGroup, defaultTier, snapshot);
  }

  /** The last known snapshot (topology and followed tiers' members). */
  public DiscoverySnapshot snapshot() {
    return snapshot;
  }

  private void onTopology(Topology t) {
    snapshot = snapshot.withTopology(t);
    saveCache();
    followers.forEach(this::refresh);
  }

  private void onMembers(String tier, List<Member> members) {
    snapshot = snapshot.withMembers(tier, members);
    saveCache();
    followers.forEach(this::refresh);
  }

  private void refresh(Follower f) {
    Optional<DiscoveredGroup> g = resolve(f.edgeGroup, f.defaultTier, snapshot);
    if (g.isEmpty()) {
      return;
    }
    watchTier(g.get().route().tier());
    if (g.get().equals(f.last)) {
      return;
    }
    f.last = g.get();
    try {
      f.listener.onGroupChanged(g.get());
    } catch (RuntimeException e) {
      LOG.error("Listener of discovered group '{}' failed", f.edgeGroup, e);
    }
  }

  private static Optional<DiscoveredGroup> resolve(String group, Optional<String> defaultTier,
      DiscoverySnapshot s) {
    Optional<Topology> t = s.topology();
    Optional<Route> route = t.flatMap(x -> x.route(group));
    if (route.isPresent()) {
      Route r = route.get();
      return Optional.of(new DiscoveredGroup(group, r, s.members(r.tier()), t.get().version()));
    }
    return defaultTier.map(tier ->
        new DiscoveredGroup(group, Route.defaults(group, tier), s.members(tier), 0));
  }

  private synchronized void watchTier(String tier) {
    if (closed || tiers.containsKey(tier)) {
      return;
    }
    MembershipWatcher w = new MembershipWatcher(client, paths, tier, debounce, backoff, threads,
        snapshot.members(tier), maxMembers);
    w.addListener(m -> events.execute(() -> onMembers(tier, m)));
    tiers.put(tier, w);
    w.start();
  }

  private void saveCache() {
    try {
      cache.save(snapshot);
    } catch (IOException e) {
      LOG.warn("Cannot write the discovery cache {}: {}; a restart during a ZooKeeper outage would"
          + " start from an older copy", cache.file(), e.toString());
    }
  }

  @Override
  public void close() {
    List<AutoCloseable> toClose = new java.util.ArrayList<>();
    synchronized (this) {
      if (closed) {
        return;
      }
      closed = true;
      if (topologyWatcher != null) {
        toClose.add(topologyWatcher);
      }
      toClose.addAll(tiers.values());
    }
    // Let a pending cache write finish: interrupting it could leave the previous, older copy.
    events.shutdown();
    try {
      if (!events.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS)) {
        events.shutdownNow();
      }
    } catch (InterruptedException e) {
      events.shutdownNow();
      Thread.currentThread().interrupt();
    }
    for (AutoCloseable c : toClose) {
      try {
        c.close();
      } catch (Exception e) {
        LOG.warn("Closing {} failed", c, e);
      }
    }
  }

  /** One followed group; {@code last} is touched only on the events thread. */
  private static final class Follower {
    final String edgeGroup;
    final Optional<String> defaultTier;
    final DiscoveredGroupListener listener;
    DiscoveredGroup last;

    Follower(String edgeGroup, Optional<String> defaultTier, DiscoveredGroupListener listener) {
      this.edgeGroup = Objects.requireNonNull(edgeGroup);
      this.defaultTier = defaultTier;
      this.listener = listener;
    }
  }
}
