package io.sluice.coordination;

import java.time.Duration;
import org.apache.curator.framework.CuratorFramework;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An aggregator's entry under {@code tiers/<tier>/members/<id>}: an ephemeral node holding its
 * {@link Member} JSON. Call {@link #register()} once the Avro source accepts connections, and
 * {@link #close()} before closing the port, so edges stop choosing it before it goes away. The node
 * is an {@link EphemeralNode}: re-created after a session expiry, and its delete on close is bounded
 * so a ZooKeeper outage cannot hang an aggregator's shutdown.
 *
 * <p>Thread-safe; {@code close()} is idempotent. The client is the caller's and stays open.
 */
public final class AggregatorMembership implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AggregatorMembership.class);

  private final CuratorFramework client;
  private final String path;
  private final Member member;
  private final Duration closeTimeout;
  private EphemeralNode node;
  private boolean closed;

  public static final Duration DEFAULT_CLOSE_TIMEOUT = Duration.ofSeconds(5);

  public AggregatorMembership(CuratorFramework client, ZkPaths paths, String tier, Member member) {
    this(client, paths, tier, member, DEFAULT_CLOSE_TIMEOUT);
  }

  public AggregatorMembership(CuratorFramework client, ZkPaths paths, String tier, Member member,
      Duration closeTimeout) {
    this.client = client;
    this.path = paths.member(tier, member.id());
    this.member = member;
    this.closeTimeout = closeTimeout;
  }

  /**
   * Starts announcing the member. Returns at once: the node is written as soon as ZooKeeper is
   * reachable (see {@link #awaitRegistered}).
   */
  public synchronized void register() {
    if (closed) {
      throw new IllegalStateException("membership " + path + " is closed");
    }
    if (node != null) {
      return;
    }
    node = new EphemeralNode(client, path, MemberCodec.encode(member), member.id(), closeTimeout);
    LOG.info("Registering aggregator {} at {} as {}", member.address(), client.getZookeeperClient()
        .getCurrentConnectionString(), path);
  }

  /** Waits for the first write of the node; true once it exists in ZooKeeper. */
  public boolean awaitRegistered(Duration timeout) throws InterruptedException {
    EphemeralNode n;
    synchronized (this) {
      n = node;
    }
    return n != null && n.awaitCreated(timeout);
  }

  public String path() {
    return path;
  }

  public Member member() {
    return member;
  }

  /**
   * Deletes the node (if ZooKeeper is reachable; otherwise the session's end removes it) and stops
   * re-creating it.
   */
  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (node != null && node.delete()) {
      LOG.info("Deregistered aggregator {} from {}", member.address(), path);
    }
  }
}
