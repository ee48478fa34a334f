package io.sluice.coordination;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Edges cut off from ZooKeeper while the tier changes: when they are back, their re-reads are
 * spread over the jitter window, and a re-read cut short by another outage is retried until it
 * catches up. The edges are cut off from a {@link CutOffEnsemble} while the aggregators, still
 * connected, change the tier.
 */
class ResyncAfterOutageTest {
  /**
   * The test notes the reconnect in its own listener, which may run a few milliseconds after the
   * one that starts the jitter clock; reads are allowed that much early.
   */
  private static final long LISTENER_SKEW_MS = 50;
  private static final long MAX_JITTER_MS = 5_000;
  private static final Duration DEADLINE = CutOffEnsemble.DEADLINE;
  private static final String TIER = "aggs";

  private CutOffEnsemble ensemble;
  private final List<AutoCloseable> toClose = new ArrayList<>();

  @BeforeEach
  void start() throws Exception {
    ensemble = new CutOffEnsemble("resync");
  }

  @AfterEach
  void stop() throws Exception {
    for (int i = toClose.size() - 1; i >= 0; i--) {
      toClose.get(i).close();
    }
    ensemble.close();
  }

  private AggregatorMembership register(Member m) throws Exception {
    AggregatorMembership r = new AggregatorMembership(ensemble.others(), ensemble.paths(), TIER, m);
    toClose.add(r);
    r.register();
    assertTrue(r.awaitRegistered(Duration.ofSeconds(15)), "registered " + m);
    return r;
  }

  private MembershipWatcher watcher(JitteredBackoff backoff, MembershipListener listener) {
    MembershipWatcher w = new MembershipWatcher(ensemble.edge(), ensemble.paths(), TIER,
        Duration.ofMillis(50), backoff, Zk.THREADS, List.of());
    toClose.add(w);
    w.addListener(listener);
    w.start();
    return w;
  }

  /** Resync draws answer {@code resyncMs}; retries run from 100 ms up to 400 ms. */
  private static JitteredBackoff backoff(RecordingRandom random) {
    return new JitteredBackoff(Duration.ofMillis(MAX_JITTER_MS), Duration.ofMillis(100),
        Duration.ofMillis(400), random);
  }

  @Test
  void reReadsAfterAnOutageAreSpreadOverTheJitterWindow() throws Exception {
    Member a = Zk.member("a", 4141);
    Member b = Zk.member("b", 4142);
    register(a);
    // Jittered watchers i re-read i * 400 ms after the reconnect; the others at once.
    int jitteredCount = 10;
    long spacingMs = 400;
    ConcurrentHashMap<Integer, Long> heardB = new ConcurrentHashMap<>();
    List<MembershipWatcher> all = new ArrayList<>();
    for (int i = 0; i < jitteredCount + 5; i++) {
      int id = i;
      JitteredBackoff policy = i < jitteredCount
          ? backoff(RecordingRandom.resyncAfter(MAX_JITTER_MS, i * spacingMs))
          : JitteredBackoff.withMaxJitter(Duration.ZERO);
      all.add(watcher(policy, members -> {
        if (members.contains(b)) {
          heardB.putIfAbsent(id, System.nanoTime());
        }
      }));
    }
    await().atMost(DEADLINE).until(() -> all.stream().allMatch(w -> w.current().equals(List.of(a))));

    ensemble.cutEdgeOff();
    register(b);
    assertTrue(all.stream().allMatch(w -> w.current().equals(List.of(a))), "cut off, unchanged");
    long back = ensemble.bringEdgeBack();

    await().atMost(DEADLINE).until(() -> heardB.size() == all.size());
    for (int i = jitteredCount; i < all.size(); i++) {
      long after = millisBetween(back, heardB.get(i));
      assertTrue(after < 1_500, "unjittered watcher " + i + " read " + after + " ms after");
    }
    long previous = Long.MIN_VALUE;
    for (int i = 0; i < jitteredCount; i++) {
      long after = millisBetween(back, heardB.get(i));
      assertTrue(after >= i * spacingMs - LISTENER_SKEW_MS, "watcher " + i + " read " + after
          + " ms after the"
          + " reconnect, before its jitter of " + i * spacingMs + " ms");
      assertTrue(heardB.get(i) > previous, "watcher " + i + " read before watcher " + (i - 1));
      previous = heardB.get(i);
    }
    assertEquals(List.of(a, b), all.get(jitteredCount - 1).current());
  }

  @Test
  void aReReadCutShortByAnotherOutageIsRetriedAndCatchesUp() throws Exception {
    Member a = Zk.member("a", 4141);
    Member b = Zk.member("b", 4142);
    Member c = Zk.member("c", 4143);
    register(a);
    RecordingRandom random = RecordingRandom.resyncAfter(MAX_JITTER_MS, 4_000);
    List<List<Member>> heard = new CopyOnWriteArrayList<>();
    MembershipWatcher w = watcher(backoff(random), heard::add);
    await().atMost(DEADLINE).until(() -> w.current().equals(List.of(a)));

    ensemble.cutEdgeOff();
    register(b);
    ensemble.bringEdgeBack();
    // Down again before the jittered re-read (4 s) runs: it finds no connection.
    ensemble.cutEdgeOff();
    await().atMost(DEADLINE).until(() -> random.drawsOtherThan(MAX_JITTER_MS).size() >= 3);
    List<Long> retryBounds = random.drawsOtherThan(MAX_JITTER_MS).stream()
        .map(RecordingRandom.Draw::bound).limit(3).toList();
    assertEquals(List.of(50L, 100L, 200L), retryBounds, "retries back off");
    assertEquals(List.of(a), w.current(), "the last known members stay while cut off");
    register(c);

    ensemble.bringEdgeBack();
    await().atMost(DEADLINE).until(() -> w.current().equals(List.of(a, b, c)));
    assertEquals(List.of(List.of(a), List.of(a, b, c)), heard);
  }

  private static long millisBetween(long fromNanos, long toNanos) {
    return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
  }
}
