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
      CuratorOp write = expectedVersion == 0
          ? client.transactionOp().create().forPath(paths.topology(), data)
          : client.transactionOp().setData().withVersion((int) expectedVersion - 1)
              .forPath(paths.topology(), data);
      CuratorOp history = client.transactionOp().create().withMode(CreateMode.PERSISTENT)
          .forPath(paths.topologyVersion(next), data);
      client.transaction().forOperations(write, history);
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

  static ZkUnavailableException failure(String what, String path, Exception e) {
    if (e instanceof InterruptedException) {
      Thread.currentThread().interrupt();
    }
    if (e instanceof KeeperException.NoAuthException) {
      return new ZkUnavailableException("ZooKeeper refused to let this client " + what + " at "
          + path + ": not authorised (writers need digest credentials, e.g. "
          + ZkSettings.DIGEST_ENV + "=user:password, matching the ones that created the nodes)", e);
    }
    return new ZkUnavailableException("cannot " + what + " at " + path + ": " + e, e);
  }
}
