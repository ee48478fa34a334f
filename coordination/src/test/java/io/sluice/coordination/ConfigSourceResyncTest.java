package io.sluice.coordination;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * An agent's config source cut off from ZooKeeper: when it is back it checks the node after its
 * (injected) jitter, and calls back only if the node was written meanwhile.
 */
class ConfigSourceResyncTest {
  /**
   * The test notes the reconnect in its own listener, which may run a few milliseconds after the
   * one that starts the jitter clock; reads are allowed that much early.
   */
  private static final long LISTENER_SKEW_MS = 50;
  private static final long MAX_JITTER_MS = 5_000;
  private static final long RESYNC_MS = 2_000;
  private static final Duration DEADLINE = CutOffEnsemble.DEADLINE;
  private static final String NODE = "/flume/a1";

  private CutOffEnsemble ensemble;
  private RecordingRandom random;
  private ZooKeeperConfigSource source;
  private final List<Long> calledAt = new CopyOnWriteArrayList<>();

  @BeforeEach
  void start() throws Exception {
    ensemble = new CutOffEnsemble("cfg-resync");
    ensemble.others().create().creatingParentsIfNeeded().forPath(NODE, text("a1.sources = r1"));
    // Written through another server: the edge's server may apply it a moment later.
    await().atMost(DEADLINE).until(() -> ensemble.edge().checkExists().forPath(NODE) != null);
    random = RecordingRandom.resyncAfter(MAX_JITTER_MS, RESYNC_MS);
    source = new ZooKeeperConfigSource(ensemble.edge(), "/flume", "a1",
        new JitteredBackoff(Duration.ofMillis(MAX_JITTER_MS), Duration.ofMillis(100),
            Duration.ofMillis(400), random), Zk.THREADS);
    assertEquals("r1", source.read().get("a1.sources"));
    source.onChange(() -> calledAt.add(System.nanoTime()));
    await().atMost(DEADLINE).until(() -> source.checks() == 1);
  }

  @AfterEach
  void stop() throws Exception {
    source.close();
    ensemble.close();
  }

  @Test
  void aReconnectWithoutAChangeChecksAfterTheJitterAndCallsNothing() throws Exception {
    ensemble.cutEdgeOff();
    ensemble.bringEdgeBack();
    // Most of the jitter passes without a check; then there is one.
    await().during(Duration.ofMillis(RESYNC_MS - 500)).atMost(DEADLINE)
        .until(() -> source.checks() == 1);
    await().atMost(DEADLINE).until(() -> source.checks() == 2);
    assertEquals(List.of(), calledAt, "no callback (so no reload) for an unchanged node");
    assertEquals(1, random.drawsWithBound(MAX_JITTER_MS).size(), "one jittered resync");
  }

  @Test
  void aChangeMadeDuringAnOutageCallsBackOnceAfterTheJitter() throws Exception {
    ensemble.cutEdgeOff();
    ensemble.others().setData().forPath(NODE, text("a1.sources = r2"));
    assertEquals(List.of(), calledAt, "nothing heard while cut off");
    long back = ensemble.bringEdgeBack();

    await().atMost(DEADLINE).until(() -> calledAt.size() == 1);
    long after = millisSince(back, calledAt.get(0));
    assertTrue(after >= RESYNC_MS - LISTENER_SKEW_MS, "called back " + after
        + " ms after the reconnect, before the"
        + " jitter of " + RESYNC_MS + " ms");
    assertEquals("r2", source.read().get("a1.sources"));
    await().during(Duration.ofSeconds(1)).atMost(Duration.ofSeconds(3))
        .until(() -> calledAt.size() == 1);
    assertEquals(1, random.drawsWithBound(MAX_JITTER_MS).size(), "one jittered resync");
  }

  private static long millisSince(long fromNanos, long toNanos) {
    return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
  }

  private static byte[] text(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
