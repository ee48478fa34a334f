package io.sluice.coordination;

import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.recipes.nodes.PersistentNode;
import org.apache.zookeeper.CreateMode;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An aggregator's entry under {@code tiers/<tier>/members/<id>}: an ephemeral node holding its
 * {@link Member} JSON. Call {@link #register()} once the Avro source accepts connections, and
 * {@link #close()} before closing the port, so edges stop choosing it before it goes away. Curator's
 * {@link PersistentNode} re-creates the node by itself after a session expiry or a deletion.
 *
 * <p>Thread-safe; {@code close()} is idempotent. The client is the caller's and stays open.
 */
public final class AggregatorMembership implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AggregatorMembership.class);

  private final CuratorFramework client;
  private final String path;
  private final Member member;
  private PersistentNode node;
  private boolean closed;

  public AggregatorMembership(CuratorFramework client, ZkPaths paths, String tier, Member member) {
    this.client = client;
    this.path = paths.member(tier, member.id());
    this.member = member;
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
    node = new PersistentNode(client, CreateMode.EPHEMERAL, false, path, MemberCodec.encode(member));
    node.start();
    LOG.info("Registering aggregator {} at {} as {}", member.address(), client.getZookeeperClient()
        .getCurrentConnectionString(), path);
  }

  /** Waits for the first write of the node; true once it exists in ZooKeeper. */
  public boolean awaitRegistered(Duration timeout) throws InterruptedException {
    PersistentNode n;
    synchronized (this) {
      n = node;
    }
    return n != null && n.waitForInitialCreate(timeout.toMillis(), TimeUnit.MILLISECONDS);
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
    if (node == null) {
      return;
    }
    try {
      node.close();
      LOG.info("Deregistered aggregator {} from {}", member.address(), path);
    } catch (IOException e) {
      LOG.warn("Could not delete {} ({}); it goes when the ZooKeeper session ends", path,
          e.toString());
    }
  }
}
