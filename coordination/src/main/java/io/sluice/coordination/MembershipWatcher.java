package io.sluice.coordination;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.cache.ChildData;
import org.apache.curator.framework.recipes.cache.CuratorCache;
import org.apache.curator.framework.recipes.cache.CuratorCacheListener;
import org.apache.curator.utils.ZKPaths;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the live members of one tier (edge side). Keeps the last known list: while ZooKeeper is
 * unreachable or the session is lost, {@link #current()} keeps answering with it, and Curator's
 * cache re-reads and resyncs when the connection returns. Changes are debounced and a listener hears
 * only lists that differ from the last one it heard.
 *
 * <p>It can start from a seed (the list cached on disk) so an edge restarted during a ZooKeeper
 * outage has members at once; the seed is replaced by the first full read from ZooKeeper.
 *
 * <p>Thread-safe. Owns one thread (from the given factory) and its Curator cache; the client is the
 * caller's.
 */
public final class MembershipWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MembershipWatcher.class);
  public static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(200);

  private final String tier;
  private final String membersPath;
  private final CuratorCache cache;
  private final ScheduledExecutorService notifier;
  private final Debouncer debouncer;
  private final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();
  private volatile List<Member> current;
  private volatile boolean synced;

  public MembershipWatcher(CuratorFramework client, ZkPaths paths, String tier, Duration debounce,
      ThreadFactory threads, List<Member> seed) {
    this.tier = tier;
    this.membersPath = paths.members(tier);
    this.current = sorted(seed);
    this.cache = CuratorCache.build(client, membersPath);
    this.notifier = Executors.newSingleThreadScheduledExecutor(threads);
    this.debouncer = new Debouncer(notifier, debounce, this::publish);
  }

  /** Registers a listener; it hears changes from now on (read {@link #current()} for the start). */
  public void addListener(MembershipListener listener) {
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
    LOG.info("Watching the members of tier '{}' at {}", tier, membersPath);
  }

  /** The last known members, sorted by id; the seed until ZooKeeper has been read once. */
  public List<Member> current() {
    return current;
  }

  /** True once the members have been read from ZooKeeper at least once. */
  public boolean synced() {
    return synced;
  }

  public String tier() {
    return tier;
  }

  private void publish() {
    List<Member> next = read();
    if (next.equals(current)) {
      return;
    }
    LOG.info("Tier '{}' members now {}", tier, next.stream().map(Member::id).toList());
    current = next;
    for (MembershipListener l : listeners) {
      try {
        l.onMembersChanged(next);
      } catch (RuntimeException e) {
        LOG.error("Membership listener {} failed on tier '{}'", l, tier, e);
      }
    }
  }

  private List<Member> read() {
    List<Member> out = new ArrayList<>();
    cache.stream()
        .filter(d -> membersPath.equals(ZKPaths.getPathAndNode(d.getPath()).getPath()))
        .forEach(d -> decode(d, out));
    return sorted(out);
  }

  private void decode(ChildData d, List<Member> out) {
    try {
      out.add(MemberCodec.decode(d.getData()));
    } catch (RuntimeException e) {
      LOG.warn("Ignoring member node {}: {}", d.getPath(), e.getMessage());
    }
  }

  private static List<Member> sorted(List<Member> members) {
    return members.stream().sorted(Member.BY_ID).toList();
  }

  /** Stops watching; the listeners hear nothing more. Idempotent. */
  @Override
  public void close() {
    cache.close();
    notifier.shutdownNow();
  }
}
