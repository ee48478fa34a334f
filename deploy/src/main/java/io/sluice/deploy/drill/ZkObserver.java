package io.sluice.deploy.drill;

import io.sluice.coordination.Member;
import io.sluice.coordination.MemberCodec;
import io.sluice.coordination.MembershipQuery;
import io.sluice.coordination.ZkClientFactory;
import io.sluice.coordination.ZkPaths;
import io.sluice.deploy.quickstart.TierLocation;
import java.io.IOException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.retry.RetryNTimes;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.data.Stat;

/**
 * The drill's own read-only view of the aggregators' tier in ZooKeeper: who is registered, with
 * which process id and session. Its client never retries, so a read while ZooKeeper is away (a
 * zk-stop drill) fails at once instead of stalling the drill's clock. Thread-safe.
 */
final class ZkObserver implements AutoCloseable {
  /**
   * A member as registered, with the session that owns its node (0: not ephemeral, so no live
   * aggregator's) and when the node was made.
   */
  record Registered(Member member, long session, java.time.Instant created) {
    boolean ephemeral() {
      return session != 0;
    }
  }

  private final CuratorFramework client;
  private final ZkPaths paths;
  private final String tier;
  private final String connect;

  private ZkObserver(CuratorFramework client, TierLocation where) {
    this.client = client;
    this.paths = where.settings().paths();
    this.tier = where.tier();
    this.connect = where.connect();
  }

  /**
   * Connects, waiting at most {@code wait}.
   *
   * @throws IOException naming the connect string when no server answers
   */
  static ZkObserver connect(TierLocation where, Duration wait)
      throws IOException, InterruptedException {
    CuratorFramework c = new ZkClientFactory(where.settings().withTimeouts(Duration.ofSeconds(30),
        Duration.ofSeconds(2))).create(new RetryNTimes(0, 0));
    c.start();
    if (!c.blockUntilConnected((int) wait.toMillis(), TimeUnit.MILLISECONDS)) {
      c.close();
      throw new IOException("no ZooKeeper server answered at '" + where.connect() + "' within "
          + wait.toSeconds() + " s");
    }
    return new ZkObserver(c, where);
  }

  /**
   * The member {@code id} now: empty when it is not registered.
   *
   * @throws IOException when ZooKeeper cannot be read (not connected, or the node is not a member)
   */
  Optional<Registered> member(String id) throws IOException {
    if (!client.getZookeeperClient().isConnected()) {
      throw new IOException("not connected to ZooKeeper at " + connect);
    }
    String path = paths.member(tier, id);
    try {
      Stat stat = new Stat();
      byte[] data = client.getData().storingStatIn(stat).forPath(path);
      return Optional.of(new Registered(MemberCodec.decode(data), stat.getEphemeralOwner(),
          java.time.Instant.ofEpochMilli(stat.getCtime())));
    } catch (KeeperException.NoNodeException gone) {
      return Optional.empty();
    } catch (IllegalArgumentException bad) {
      throw new IOException(path + " is not a member document: " + bad.getMessage(), bad);
    } catch (Exception e) {
      throw new IOException("cannot read " + path + " in ZooKeeper at " + connect + ": " + e, e);
    }
  }

  /** The ids of the tier's live members, for error messages. */
  List<String> memberIds() {
    return new MembershipQuery(client, paths).tier(tier).stream().map(Member::id).toList();
  }

  /** The tier's member path prefix, for messages. */
  String members() {
    return paths.members(tier);
  }

  /** Idempotent. */
  @Override
  public void close() {
    client.close();
  }
}
