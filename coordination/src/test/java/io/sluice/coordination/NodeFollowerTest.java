package io.sluice.coordination;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.core.runtime.NamedThreadFactory;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.framework.state.ConnectionState;
import org.apache.curator.test.TestingServer;
import org.apache.zookeeper.KeeperException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** When a {@link NodeFollower} reads: after watches, reconnects, failures; on a real ZooKeeper. */
class NodeFollowerTest {
  /**
   * The test notes the reconnect in its own listener, which may run a few milliseconds after the
   * one that starts the jitter clock; reads are allowed that much early.
   */
  private static final long LISTENER_SKEW_MS = 50;
  private static final long MAX_JITTER_MS = 5_000;
  private static final String NODE = "/follower-test";

  private TestingServer server;
  private ZkSettings settings;
  private CuratorFramework ops;
  private final List<Long> readAt = new CopyOnWriteArrayList<>();
  private final List<String> readValues = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    server = new TestingServer(true);
    settings = Zk.settings(server.getConnectString(), "follower");
    ops = Zk.client(settings);
    ops.create().forPath(NODE, bytes("v1"));
  }

  @AfterEach
  void stop() throws Exception {
    ops.close();
    server.close();
  }

  /** Fast retries (50, 100, 200, 200 ms at the lowest draw) and a 5 s resync window. */
  private static JitteredBackoff backoff(RecordingRandom random) {
    return new JitteredBackoff(Duration.ofMillis(MAX_JITTER_MS), Duration.ofMillis(100),
        Duration.ofMillis(400), random);
  }

  private NodeFollower follower(CuratorFramework client, RecordingRandom random,
      NodeFollower.Read read) {
    return new NodeFollower(client, "the test node", read, Duration.ofMillis(200),
        backoff(random), new NamedThreadFactory("follower-test"));
  }

  /** Reads the test node, arming its watch, and records when and what. */
  private NodeFollower.Read readingTheNode() {
    return (zk, watch) -> {
      readAt.add(System.nanoTime());
      readValues.add(new String(zk.getData().usingWatcher(watch).forPath(NODE),
          StandardCharsets.UTF_8));
    };
  }

  @Test
  void aWatchedChangeIsReadAfterTheDebounce() throws Exception {
    try (CuratorFramework edge = Zk.client(settings);
        NodeFollower f = follower(edge, RecordingRandom.resyncAfter(MAX_JITTER_MS, 0),
            readingTheNode())) {
      f.start();
      await().atMost(Duration.ofSeconds(2)).until(() -> f.reads() == 1);
      long changedAt = System.nanoTime();
      ops.setData().forPath(NODE, bytes("v2"));
      await().atMost(Duration.ofSeconds(2)).until(() -> f.reads() == 2);
      assertEquals(List.of("v1", "v2"), readValues);
      assertTrue(millisBetween(changedAt, readAt.get(1)) >= 200, "debounced");
    }
  }

  @Test
  void aFailedReadIsRetriedWithGrowingBackoffUntilItSucceeds() throws Exception {
    AtomicInteger attempts = new AtomicInteger();
    RecordingRandom random = RecordingRandom.resyncAfter(MAX_JITTER_MS, 0);
    try (CuratorFramework edge = Zk.client(settings);
        NodeFollower f = follower(edge, random, (zk, watch) -> {
          readAt.add(System.nanoTime());
          if (attempts.incrementAndGet() <= 4) {
            throw new KeeperException.ConnectionLossException();
          }
        })) {
      f.start();
      await().atMost(Duration.ofSeconds(5)).until(() -> f.reads() == 1);
      assertEquals(5, attempts.get());
      long[] waits = {50, 100, 200, 200};
      for (int i = 0; i < waits.length; i++) {
        long gap = millisBetween(readAt.get(i), readAt.get(i + 1));
        assertTrue(gap >= waits[i], "retry " + (i + 1) + " waited " + gap + " ms, not at least "
            + waits[i]);
      }
      assertEquals(List.of(50L, 100L, 200L, 200L), random.drawsOtherThan(MAX_JITTER_MS).stream()
          .map(RecordingRandom.Draw::bound).toList(), "the random half of each retry delay");
    }
  }

  @Test
  void afterAReconnectTheReadWaitsItsJitterAndWatchEventsWaitWithIt() throws Exception {
    RecordingRandom random = RecordingRandom.resyncAfter(MAX_JITTER_MS, 3_000);
    try (CuratorFramework edge = Zk.client(settings);
        NodeFollower f = follower(edge, random, readingTheNode())) {
      AtomicLong reconnectedAt = timeOf(ConnectionState.RECONNECTED, edge);
      f.start();
      await().atMost(Duration.ofSeconds(2)).until(() -> f.reads() == 1);
      server.restart();
      await().atMost(Duration.ofSeconds(10)).until(() -> reconnectedAt.get() != 0);
      // The watch on the node fires now, but the read must still wait for the resync.
      ops.setData().forPath(NODE, bytes("v2"));
      await().atMost(Duration.ofSeconds(10)).until(() -> readValues.contains("v2"));
      assertEquals(1, random.drawsWithBound(MAX_JITTER_MS).size(), "one resync drawn");
      for (long at : readAt.subList(1, readAt.size())) {
        long waited = millisBetween(reconnectedAt.get(), at);
        assertTrue(waited >= 3_000 - LISTENER_SKEW_MS,
            "read " + waited + " ms after reconnecting: " + readValues);
      }
    }
  }

  @Test
  void aFirstConnectionLaterThanTheConnectionTimeoutCountsAsAReconnect() throws Exception {
    server.stop();
    RecordingRandom random = RecordingRandom.resyncAfter(MAX_JITTER_MS, 1_000);
    ZkSettings impatient = settings.withTimeouts(Duration.ofSeconds(6), Duration.ofMillis(300));
    try (CuratorFramework edge = Zk.client(impatient);
        NodeFollower f = follower(edge, random, readingTheNode())) {
      AtomicLong connectedAt = timeOf(ConnectionState.CONNECTED, edge);
      f.start();
      // The start read found no ZooKeeper and went to retrying: it was really down.
      await().atMost(Duration.ofSeconds(5)).until(() -> !random.drawsOtherThan(MAX_JITTER_MS)
          .isEmpty());
      assertEquals(0, f.reads());
      server.restart();
      await().atMost(Duration.ofSeconds(10)).until(() -> f.reads() == 1);
      assertEquals(1, random.drawsWithBound(MAX_JITTER_MS).size(), "the connect was jittered");
      long waited = millisBetween(connectedAt.get(), readAt.get(0));
      assertTrue(waited >= 1_000 - LISTENER_SKEW_MS,
          "first read " + waited + " ms after connecting");
    }
  }

  @Test
  void closeStopsTheThreadAndLaterChangesAreNotRead() throws Exception {
    List<Thread> threads = new CopyOnWriteArrayList<>();
    try (CuratorFramework edge = Zk.client(settings)) {
      NodeFollower f = new NodeFollower(edge, "the test node", readingTheNode(),
          Duration.ofMillis(20), backoff(RecordingRandom.resyncAfter(MAX_JITTER_MS, 0)),
          Zk.recording("follower-close", threads));
      f.start();
      await().atMost(Duration.ofSeconds(2)).until(() -> f.reads() == 1);
      f.close();
      f.close();
      assertEquals(1, threads.size());
      threads.get(0).join(TimeUnit.SECONDS.toMillis(5));
      assertFalse(threads.get(0).isAlive(), "the follower's thread ended");
      ops.setData().forPath(NODE, bytes("v2"));
      // A read after close would need the (ended) thread; the client is still fine for others.
      assertEquals("v2", new String(edge.getData().forPath(NODE), StandardCharsets.UTF_8));
      assertEquals(List.of("v1"), readValues);
    }
  }

  /**
   * When (nanoTime) the client last went into {@code state}; 0 until it does. Registered before the
   * follower starts, so it hears each state before the follower does.
   */
  private static AtomicLong timeOf(ConnectionState state, CuratorFramework client) {
    AtomicLong at = new AtomicLong();
    client.getConnectionStateListenable().addListener((c, s) -> {
      if (s == state) {
        at.set(System.nanoTime());
      }
    });
    return at;
  }

  private static long millisBetween(long fromNanos, long toNanos) {
    return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
