package io.sluice.coordination;

import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.WatcherRemoveCuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.framework.state.ConnectionStateListener;
import org.apache.zookeeper.KeeperException;
import org.apache.zookeeper.WatchedEvent;
import org.apache.zookeeper.Watcher;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps one read of a part of the ZooKeeper tree current, on one thread it owns. The read, given by
 * the owner, arms ZooKeeper's one-shot watches with the watcher it is handed, so every read re-arms
 * them. When should it run again:
 *
 * <ul>
 *   <li>a watch fired: {@code debounce} later, so a burst of changes costs one read;
 *   <li>the connection came back, or a new session replaced a lost one: after a random delay from
 *       the {@link JitteredBackoff}, so a thousand edges returning from an outage do not all read
 *       at once. Watch events arriving meanwhile (ZooKeeper replays them on reconnect) wait for
 *       that read instead of bypassing the jitter;
 *   <li>the read failed or there was no connection: again with exponential backoff, for as long as
 *       the follower is open;
 *   <li>start: at once if connected; a first connection within the connection timeout also reads
 *       at once, a later one (ZooKeeper was down when we started) counts as a reconnect.
 * </ul>
 *
 * <p>At most one read is pending at a time. Thread-safe: the scheduling state is confined to the
 * owned thread; the client is the caller's (the watches set through it are removed on close).
 */
final class NodeFollower implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(NodeFollower.class);
  /** Long enough for a burst of writes (a push, members joining together) to cost one read. */
  static final Duration DEFAULT_DEBOUNCE = Duration.ofMillis(200);

  /** One full read, arming its watches with {@code watch}; runs on the follower's thread. */
  interface Read {
    void run(CuratorFramework zk, Watcher watch) throws Exception;
  }

  /** A read of one node that throws {@link KeeperException.NoNodeException} when it is absent. */
  interface NodeRead<T> {
    T run() throws Exception;
  }

  /** Why the pending read was scheduled. */
  private enum Why { START, CHANGE, RESYNC, RETRY }

  private final WatcherRemoveCuratorFramework zk;
  private final String what;
  private final Read read;
  private final Duration debounce;
  private final JitteredBackoff backoff;
  private final ScheduledThreadPoolExecutor thread;
  private final ConnectionStateListener connectionListener = (c, state) -> onThread(
      () -> onConnectionState(state));
  private final Watcher watch = this::onWatch;
  private final AtomicLong reads = new AtomicLong();
  private volatile boolean closed;
  // Owned by the follower's thread.
  private ScheduledFuture<?> next;
  private Why nextWhy;
  private int failures;
  private boolean lastTryHadNoConnection;

  /**
   * @param what what is read, for log lines ("tier 'aggregators' members")
   */
  NodeFollower(CuratorFramework client, String what, Read read, Duration debounce,
      JitteredBackoff backoff, ThreadFactory threads) {
    this.zk = client.newWatcherRemoveCuratorFramework();
    this.what = what;
    this.read = read;
    this.debounce = debounce;
    this.backoff = backoff;
    this.thread = new ScheduledThreadPoolExecutor(1, threads);
    this.thread.setRemoveOnCancelPolicy(true);
  }

  void start() {
    // Listen first, then look: a connection made in between is then seen one way or the other.
    zk.getConnectionStateListenable().addListener(connectionListener);
    onThread(() -> {
      Duration grace = zk.getZookeeperClient().isConnected() ? Duration.ZERO
          : Duration.ofMillis(zk.getZookeeperClient().getConnectionTimeoutMs());
      schedule(Why.START, grace);
    });
  }

  /** Successful reads so far. */
  long reads() {
    return reads.get();
  }

  /**
   * Runs {@code read}; when the node is absent, arms an exists-watch on it instead so its creation
   * is noticed, and answers empty. Loops when the node appears between the two.
   */
  static <T> Optional<T> readOrWatchCreation(CuratorFramework zk, String path, Watcher watch,
      NodeRead<T> read) throws Exception {
    while (true) {
      try {
        return Optional.of(read.run());
      } catch (KeeperException.NoNodeException e) {
        if (zk.checkExists().usingWatcher(watch).forPath(path) == null) {
          return Optional.empty();
        }
      }
    }
  }

  private void onWatch(WatchedEvent event) {
    // Connection-state events reach every watcher too; the connection listener handles those.
    if (event.getType() != Watcher.Event.EventType.None) {
      onThread(() -> {
        if (next == null) {
          schedule(Why.CHANGE, debounce);
        }
      });
    }
  }

  private void onConnectionState(ConnectionState state) {
    switch (state) {
      case RECONNECTED -> resync("reconnect");
      case CONNECTED -> {
        if (nextWhy == Why.START) {
          schedule(Why.START, Duration.ZERO); // connected within the grace: ZooKeeper was up
        } else if (lastTryHadNoConnection) {
          resync("first connection");
        }
      }
      // SUSPENDED, LOST: keep the last read in force; RECONNECTED follows.
      default -> LOG.debug("ZooKeeper connection {} while following {}", state, what);
    }
  }

  private void resync(String after) {
    if (nextWhy == Why.RESYNC) {
      return; // one is already waiting: a flapping link must not keep pushing it back
    }
    failures = 0;
    Duration delay = backoff.resyncDelay();
    if (backoff.maxJitter().isZero()) {
      LOG.info("Re-reading {} now after {} (resync jitter off)", what, after);
    } else {
      LOG.info("Re-reading {} in {} after {} (jittered)", what, seconds(delay), after);
    }
    schedule(Why.RESYNC, delay);
  }

  private void schedule(Why why, Duration delay) {
    if (next != null) {
      next.cancel(false);
    }
    if (closed) {
      return;
    }
    nextWhy = why;
    next = thread.schedule(this::runRead, delay.toMillis(), TimeUnit.MILLISECONDS);
  }

  private void runRead() {
    next = null;
    nextWhy = null;
    if (closed) {
      return;
    }
    lastTryHadNoConnection = !zk.getZookeeperClient().isConnected();
    if (lastTryHadNoConnection) {
      // No call: Curator would block in its own retries. Connecting will schedule a resync.
      retryLater("not connected", null);
      return;
    }
    try {
      read.run(zk, watch);
      reads.incrementAndGet();
      failures = 0;
    } catch (Exception e) {
      if (e instanceof InterruptedException) {
        Thread.currentThread().interrupt(); // close() interrupts a read in progress
      }
      if (!closed) {
        retryLater(e instanceof KeeperException ? e.getMessage() : e.toString(), e);
      }
    }
  }

  private void retryLater(String reason, Exception e) {
    failures++;
    Duration delay = backoff.retryDelay(failures);
    if (e == null) {
      LOG.debug("Cannot read {} ({}); trying again in {}", what, reason, seconds(delay));
    } else if (e instanceof KeeperException) {
      // ZooKeeper's own errors say all there is to say; a stack trace would only add noise.
      LOG.warn("Cannot read {} from ZooKeeper ({}); keeping the last known one, trying again in {}"
          + " (failure {} in a row)", what, reason, seconds(delay), failures);
    } else {
      LOG.warn("Cannot read {} from ZooKeeper; keeping the last known one, trying again in {}"
          + " (failure {} in a row)", what, seconds(delay), failures, e);
    }
    schedule(Why.RETRY, delay);
  }

  private void onThread(Runnable task) {
    try {
      thread.execute(task);
    } catch (RejectedExecutionException e) {
      if (!closed) {
        throw e;
      }
      // Closed: an event racing with close() has nothing left to do.
    }
  }

  private static String seconds(Duration d) {
    return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
  }

  /** Stops following and removes the watches this follower set. Idempotent. */
  @Override
  public void close() {
    closed = true;
    zk.getConnectionStateListenable().removeListener(connectionListener);
    thread.shutdownNow();
    try {
      zk.removeWatchers();
    } catch (RuntimeException e) {
      LOG.debug("Removing the watches on {} failed", what, e);
    }
  }
}
