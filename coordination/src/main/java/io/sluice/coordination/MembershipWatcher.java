package io.sluice.coordination;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ThreadFactory;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Follows the live members of one tier (edge side). Keeps the last known list: while ZooKeeper is
 * unreachable or the session is lost, {@link #current()} keeps answering with it. Changes are read
 * {@code debounce} after a watch fires; after a reconnect the re-read waits a random time (see
 * {@link JitteredBackoff}) so that many edges do not all read at once, and a failed read is retried
 * with backoff. A listener hears only lists that differ from the last one it heard.
 *
 * <p>It can start from a seed (the list cached on disk) so an edge restarted during a ZooKeeper
 * outage has members at once; the seed is replaced by the first full read from ZooKeeper.
 *
 * <p>Thread-safe. Owns one thread (from the given factory) and the watches it sets; the client is
 * the caller's.
 */
public final class MembershipWatcher implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MembershipWatcher.class);
  public static final Duration DEFAULT_DEBOUNCE = NodeFollower.DEFAULT_DEBOUNCE;
  /**
   * Most members a tier may list before the edge stops following it: each member costs the edge a
   * sink with its own threads and connection, and anyone who can write ZooKeeper can add nodes.
   */
  public static final int DEFAULT_MAX_MEMBERS = 64;

  private final String tier;
  private final String membersPath;
  private final NodeFollower follower;
  private final int maxMembers;
  /** The last over-long listing's size, so it is logged once, not on every read. */
  private volatile int refusedCount;
  private final List<MembershipListener> listeners = new CopyOnWriteArrayList<>();
  private volatile List<Member> current;
  private volatile boolean synced;

  /**
   * @param debounce how long after a watch fires the members are read (one read per burst)
   * @param backoff the random wait before re-reading after a reconnect, and between failed reads
   * @param seed the members to answer with until ZooKeeper has been read
   */
  public MembershipWatcher(CuratorFramework client, ZkPaths paths, String tier, Duration debounce,
      JitteredBackoff backoff, ThreadFactory threads, List<Member> seed) {
    this(client, paths, tier, debounce, backoff, threads, seed, DEFAULT_MAX_MEMBERS);
  }

  /**
   * @param maxMembers a listing with more member nodes than this is refused with one ERROR, and
   *     the last accepted members stay
   */
  public MembershipWatcher(CuratorFramework client, ZkPaths paths, String tier, Duration debounce,
      JitteredBackoff backoff, ThreadFactory threads, List<Member> seed, int maxMembers) {
    if (maxMembers < 1) {
      throw new IllegalArgumentException("maxMembers must be at least 1, not " + maxMembers);
    }
    this.maxMembers = maxMembers;
    this.tier = tier;
    this.membersPath = paths.members(tier);
    this.current = sorted(seed);
    this.follower = new NodeFollower(client, "tier '" + tier + "' members", this::read, debounce,
        backoff, threads);
  }

  /** Registers a listener; it hears changes from now on (read {@link #current()} for the start). */
  public void addListener(MembershipListener listener) {
    listeners.add(listener);
  }

  public void start() {
    follower.start();
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

  /** Successful reads from ZooKeeper so far. */
  long reads() {
    return follower.reads();
  }

  /** Reads every member node, re-arming the watches on the list and on each member. */
  private void read(CuratorFramework zk, Watcher watch) throws Exception {
    Optional<List<String>> children = NodeFollower.readOrWatchCreation(zk, membersPath, watch,
        () -> zk.getChildren().usingWatcher(watch).forPath(membersPath));
    List<String> names = children.orElse(List.of());
    if (names.size() > maxMembers) {
      // Checked before reading any node: a flood of nodes must not cost a read each.
      if (refusedCount != names.size()) {
        refusedCount = names.size();
        LOG.error("Tier '{}' lists {} member nodes under {}, more than maxMembers = {}; keeping the"
            + " last {} member(s) until the listing shrinks (or raise maxMembers)", tier,
            names.size(), membersPath, maxMembers, current.size());
      }
      return;
    }
    refusedCount = 0;
    List<Member> members = new ArrayList<>();
    for (String child : names) {
      String path = membersPath + "/" + child;
      try {
        decode(child, path, zk.getData().usingWatcher(watch).forPath(path), members);
      } catch (KeeperException.NoNodeException e) {
        // Gone since the listing: the list's watch has fired and the next read settles it.
        LOG.debug("Member node {} went while being read", path);
      }
    }
    publish(sorted(members));
  }

  private void publish(List<Member> next) {
    boolean changed = !next.equals(current);
    current = next;
    synced = true;
    if (!changed) {
      return;
    }
    LOG.info("Tier '{}' members now {}", tier, next.stream().map(Member::id).toList());
    for (MembershipListener l : listeners) {
      try {
        l.onMembersChanged(next);
      } catch (RuntimeException e) {
        LOG.error("Membership listener {} failed on tier '{}'", l, tier, e);
      }
    }
  }

  /** Adds the member unless its node is bad; its id must be its node's name (one node, one id). */
  private static void decode(String node, String path, byte[] data, List<Member> out) {
    try {
      Member m = MemberCodec.decode(data);
      if (!m.id().equals(node)) {
        throw new IllegalArgumentException("its id " + Member.printable(m.id())
            + " is not its node name");
      }
      out.add(m);
    } catch (RuntimeException e) {
      LOG.warn("Ignoring member node {}: {}", Member.printable(path), e.getMessage());
    }
  }

  private static List<Member> sorted(List<Member> members) {
    return members.stream().sorted(Member.BY_ID).toList();
  }

  /** Stops watching; the listeners hear nothing more. Idempotent. */
  @Override
  public void close() {
    follower.close();
  }
}
