package io.sluice.coordination;

import io.sluice.core.runtime.NamedThreadFactory;
import java.io.IOException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
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
 * <p>{@code close()} waits at most the close timeout for the delete: during a ZooKeeper outage
 * Curator's guaranteed delete would keep retrying for minutes, and an aggregator's shutdown must not
 * hang on it. The delete then goes on in the background until it succeeds or the caller closes the
 * client; either way the node goes, at the latest when the session ends.
 *
 * <p>Thread-safe; {@code close()} is idempotent. The client is the caller's and stays open.
 */
public final class AggregatorMembership implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(AggregatorMembership.class);

  private final CuratorFramework client;
  private final String path;
  private final Member member;
  private final Duration closeTimeout;
  private PersistentNode node;
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
    ExecutorService closer = Executors.newSingleThreadExecutor(
        new NamedThreadFactory("membership-close-" + member.id()));
    CompletableFuture<Void> deleted = CompletableFuture.runAsync(() -> {
      try {
        node.close();
      } catch (IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
    }, closer);
    closer.shutdown();
    try {
      deleted.get(closeTimeout.toMillis(), TimeUnit.MILLISECONDS);
      LOG.info("Deregistered aggregator {} from {}", member.address(), path);
    } catch (TimeoutException e) {
      LOG.warn("ZooKeeper did not confirm the delete of {} within {} ms; it goes when the session"
          + " ends", path, closeTimeout.toMillis());
    } catch (ExecutionException e) {
      LOG.warn("Could not delete {} ({}); it goes when the ZooKeeper session ends", path,
          e.getCause().toString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      LOG.warn("Interrupted while deleting {}; it goes when the ZooKeeper session ends", path);
    }
  }
}
