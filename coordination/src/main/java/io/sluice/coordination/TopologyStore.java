package io.sluice.coordination;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.api.transaction.CuratorOp;
import org.apache.zookeeper.CreateMode;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.ZooDefs;
import org.apache.zookeeper.data.Stat;

/**
 * Reads and writes the topology document with its history (operator side).
 *
 * <p>The document's version is the znode's data version plus one, so ZooKeeper itself arbitrates a
 * compare-and-set: {@link #push} writes only if the stored version is still the one the document
 * was edited from. The new document and its history entry ({@code topology-history/<version>}) are
 * written in one ZooKeeper transaction, so the history never misses a version.
 *
 * <p>Thread-safe (it holds no state beyond the caller's client).
 */
public final class TopologyStore {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(
      TopologyStore.class);
  private final CuratorFramework client;
  private final ZkPaths paths;

  public TopologyStore(CuratorFramework client, ZkPaths paths) {
    this.client = client;
    this.paths = paths;
  }

  /**
   * Writes {@code doc} if the stored version is still {@code expectedVersion} (0: no topology yet).
   *
   * @return the stored document, carrying its new version
   * @throws VersionConflictException naming both versions when someone else pushed first
   */
  public Topology push(Topology doc, long expectedVersion) throws VersionConflictException {
    long next = expectedVersion + 1;
    byte[] data = TopologyCodec.encode(doc.withVersion(next));
    try {
      ensureParent();
      ensureMembers(doc);
      CuratorOp write = expectedVersion == 0
          ? client.transactionOp().create().forPath(paths.topology(), data)
          : client.transactionOp().setData().withVersion((int) expectedVersion - 1)
              .forPath(paths.topology(), data);
      CuratorOp history = client.transactionOp().create().withMode(CreateMode.PERSISTENT)
          .forPath(paths.topologyVersion(next), data);
      client.transaction().forOperations(write, history);
      warnAboutOpenNodes(doc);
      return doc.withVersion(next);
    } catch (KeeperException.BadVersionException | KeeperException.NodeExistsException
        | KeeperException.NoNodeException e) {
      throw new VersionConflictException(expectedVersion, currentVersion());
    } catch (Exception e) {
      throw failure("write the topology", paths.topology(), e);
    }
  }

  /** The current document, if one was ever pushed. */
  public Optional<Topology> show() {
    try {
      Stat stat = new Stat();
      byte[] data = client.getData().storingStatIn(stat).forPath(paths.topology());
      return Optional.of(TopologyCodec.parse(data).withVersion(stat.getVersion() + 1L));
    } catch (KeeperException.NoNodeException e) {
      return Optional.empty();
    } catch (Exception e) {
      throw failure("read the topology", paths.topology(), e);
    }
  }

  /** The current version; 0 when no topology was ever pushed. */
  public long currentVersion() {
    try {
      Stat stat = client.checkExists().forPath(paths.topology());
      return stat == null ? 0 : stat.getVersion() + 1L;
    } catch (Exception e) {
      throw failure("read the topology version", paths.topology(), e);
    }
  }

  /** Every stored version, oldest first. */
  public List<TopologyVersion> history() {
    try {
      if (client.checkExists().forPath(paths.topologyHistory()) == null) {
        return List.of();
      }
      List<TopologyVersion> out = new ArrayList<>();
      for (String child : client.getChildren().forPath(paths.topologyHistory())) {
        Stat s = client.checkExists().forPath(paths.topologyHistory() + "/" + child);
        if (s != null) {
          out.add(new TopologyVersion(Long.parseLong(child), Instant.ofEpochMilli(s.getMtime())));
        }
      }
      out.sort(Comparator.comparingLong(TopologyVersion::version));
      return out;
    } catch (Exception e) {
      throw failure("list the topology history", paths.topologyHistory(), e);
    }
  }

  /** One stored version, as it was pushed. */
  public Optional<Topology> version(long version) {
    try {
      return Optional.of(TopologyCodec.parse(
          client.getData().forPath(paths.topologyVersion(version))));
    } catch (KeeperException.NoNodeException e) {
      return Optional.empty();
    } catch (Exception e) {
      throw failure("read topology version " + version, paths.topologyVersion(version), e);
    }
  }

  /**
   * Pushes the content of an earlier version as a new version (history only grows).
   *
   * @throws IllegalArgumentException when that version is not in the history
   */
  public Topology rollback(long version) throws VersionConflictException {
    Topology old = version(version).orElseThrow(() -> new IllegalArgumentException(
        "topology version " + version + " is not in the history (" + paths.topologyHistory() + ")"));
    return push(old, currentVersion());
  }

  private void ensureParent() throws Exception {
    // Created outside the transaction: a multi-op cannot create parents.
    for (String p : List.of(paths.root(), paths.topologyHistory())) {
      if (client.checkExists().forPath(p) == null) {
        try {
          client.create().creatingParentsIfNeeded().forPath(p);
        } catch (KeeperException.NodeExistsException raced) {
          // another operator created it first: fine
        }
      }
    }
  }

  /**
   * Creates the members node of every tier the document routes to, as the operator: with
   * {@link ZkSettings#AGGREGATORS_ENV} set, that node is where aggregators may register (and only
   * there), so it must exist before they start, with this client's ACL.
   */
  private void ensureMembers(Topology doc) throws Exception {
    for (String tier : new java.util.TreeSet<>(doc.routes().values().stream().map(Route::tier)
        .toList())) {
      String p = paths.members(tier);
      if (client.checkExists().forPath(p) == null) {
        try {
          client.create().creatingParentsIfNeeded().forPath(p);
        } catch (KeeperException.NodeExistsException raced) {
          // an aggregator or another operator created it first: fine
        }
      }
    }
  }

  /**
   * Nodes made before credentials were set keep their open ACL, and ZooKeeper never tightens it:
   * name every such node the push relies on, once per push. Quiet while this client's own nodes
   * are open (a development setup, already warned about at start).
   */
  private void warnAboutOpenNodes(Topology doc) throws Exception {
    if (openToAnyone(paths.topology())) {
      return;
    }
    List<String> nodes = new ArrayList<>(List.of(paths.root(), paths.tiers()));
    doc.routes().values().stream().map(r -> paths.members(r.tier())).distinct().forEach(nodes::add);
    for (String p : nodes) {
      if (client.checkExists().forPath(p) != null && openToAnyone(p)) {
        LOG.warn("ZooKeeper node {} can be changed by anyone (world:anyone has more than READ):"
            + " it was made before credentials were set; set its ACL (zkCli.sh setAcl) as"
            + " docs/operations.md, 'ZooKeeper security', shows", p);
      }
    }
  }

  private boolean openToAnyone(String path) throws Exception {
    return client.getACL().forPath(path).stream().anyMatch(a ->
        ZooDefs.Ids.ANYONE_ID_UNSAFE.equals(a.getId()) && (a.getPerms() & ~ZooDefs.Perms.READ) != 0);
  }

  static ZkUnavailableException failure(String what, String path, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    if (e instanceof KeeperException.NoAuthException) {
      return new ZkUnavailableException("ZooKeeper refused to let this client " + what + " at "
          + path + ": not authorised (writers need the identity that created the nodes: digest"
          + " credentials, " + ZkSettings.DIGEST_ENV + "=user:password, or a SASL login, "
          + ZkSettings.SASL_ENV + "=<JAAS section>)", e);
    }
    return new ZkUnavailableException("cannot " + what + " at " + path + ": " + e, e);
  }
}
