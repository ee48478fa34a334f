package io.sluice.coordination;

import io.sluice.core.runtime.NamedThreadFactory;
import java.io.IOException;
import java.io.UncheckedIOException;
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
 * An ephemeral znode that announces something live: Curator's {@link PersistentNode} writes it as
 * soon as ZooKeeper is reachable and again after a session expiry or a deletion.
 *
 * <p>{@link #close()} waits at most the close timeout for the delete: during a ZooKeeper outage
 * Curator's guaranteed delete would keep retrying for minutes, and a shutdown must not hang on it.
 * The delete then goes on in the background until it succeeds or the caller closes the client;
 * either way the node goes, at the latest when the session ends.
 *
 * <p>Thread-safe; {@code close()} is idempotent. The client is the caller's and stays open.
 */
public final class EphemeralNode implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(EphemeralNode.class);

  private final String path;
  private final String owner;
  private final Duration closeTimeout;
  private final PersistentNode node;
  private boolean closed;

  /**
   * Starts writing the node; returns at once.
   *
   * @param owner names the writer in the close thread's name
   */
  public EphemeralNode(CuratorFramework client, String path, byte[] data, String owner,
      Duration closeTimeout) {
    this.path = path;
    this.owner = owner;
    this.closeTimeout = closeTimeout;
    this.node = new PersistentNode(client, CreateMode.EPHEMERAL, false, path, data);
    node.start();
  }

  public String path() {
    return path;
  }

  /** Waits for the first write of the node; true once it exists in ZooKeeper. */
  public boolean awaitCreated(Duration timeout) throws InterruptedException {
    return node.waitForInitialCreate(timeout.toMillis(), TimeUnit.MILLISECONDS);
  }

  /**
   * Deletes the node (if ZooKeeper is reachable within the close timeout; otherwise the session's
   * end removes it) and stops re-creating it. Returns whether the delete was confirmed.
   */
  public boolean delete() {
    synchronized (this) {
      if (closed) {
        return false;
      }
      closed = true;
    }
    ExecutorService closer = Executors.newSingleThreadExecutor(
        new NamedThreadFactory("znode-close-" + owner));
    CompletableFuture<Void> deleted = CompletableFuture.runAsync(() -> {
      try {
        node.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, closer);
    closer.shutdown();
    try {
      deleted.get(closeTimeout.toMillis(), TimeUnit.MILLISECONDS);
      return true;
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
    return false;
  }

  @Override
  public void close() {
    delete();
  }
}
