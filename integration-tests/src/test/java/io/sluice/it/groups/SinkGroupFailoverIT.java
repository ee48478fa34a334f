package io.sluice.it.groups;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testsupport.InProcessAggregator;
import io.sluice.testsupport.InProcessEdge;
import io.sluice.testsupport.Landed;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Sink groups of real Avro sinks sending to real Avro sources (in-process aggregators on
 * loopback): failover, failback, fairness, least_busy, hung members, all members down, and
 * membership changes under load. Outcomes are counted in the files the aggregators wrote.
 */
class SinkGroupFailoverIT {
  private static final Duration DEADLINE = Duration.ofSeconds(60);
  private static final Duration REROUTE_BUDGET = Duration.ofSeconds(2);

  @TempDir Path tmp;
  private final List<AutoCloseable> closeLast = new ArrayList<>();

  @AfterEach
  void closeAll() throws Exception {
    for (int i = closeLast.size() - 1; i >= 0; i--) {
      closeLast.get(i).close();
    }
  }

  private InProcessAggregator aggregator(String name) throws Exception {
    InProcessAggregator a = new InProcessAggregator(name, tmp);
    closeLast.add(a);
    return a.start();
  }

  private InProcessEdge edge(List<InProcessAggregator> members, String processor, String sinkKeys) {
    InProcessEdge e = new InProcessEdge(members, processor, sinkKeys);
    closeLast.add(e);
    return e;
  }

  private static List<String> landed(List<InProcessAggregator> members) {
    List<String> all = new ArrayList<>();
    members.forEach(m -> all.addAll(m.landed()));
    return all;
  }

  /** Milliseconds until the member's accepted-event count grows past {@code before}. */
  private static long millisUntilItTakesOver(InProcessAggregator m, long before, long sinceNanos) {
    await().atMost(DEADLINE).pollInterval(Duration.ofMillis(10))
        .until(() -> m.eventsAccepted() > before);
    return (System.nanoTime() - sinceNanos) / 1_000_000;
  }

  @Test
  void failoverOfThreeSurvivesTheActiveMemberAndFailsBack() throws Exception {
    InProcessAggregator m1 = aggregator("m1");
    InProcessAggregator m2 = aggregator("m2");
    InProcessAggregator m3 = aggregator("m3");
    List<InProcessAggregator> all = List.of(m1, m2, m3);
    InProcessEdge edge = edge(all, """
        type = failover
        priority.k_m1 = 30
        priority.k_m2 = 20
        priority.k_m3 = 10
        probeInterval = 100
        """, "batch-size = 100");
    int total = 60_000;
    edge.putPaced(total, 15_000);
    await().atMost(DEADLINE).until(() -> m1.eventsAccepted() > 5_000);

    long before = m2.eventsAccepted();
    long killedAt = System.nanoTime();
    m1.stop();
    long reroute = millisUntilItTakesOver(m2, before, killedAt);
    assertTrue(reroute < REROUTE_BUDGET.toMillis(), "rerouted after " + reroute + " ms");

    await().atMost(DEADLINE).until(() -> m2.eventsAccepted() > 5_000);
    m1.start(); // same port: failback once its probe answers
    await().atMost(DEADLINE).until(() -> m1.eventsAccepted() > 0);

    await().atMost(DEADLINE).until(() -> edge.putSoFar() == total && edge.channel().size() == 0);
    all.forEach(InProcessAggregator::stop);
    Landed.Tally t = Landed.tally(total, landed(all));
    assertEquals(0, t.missing(), t.toString());
    assertTrue(t.duplicates() <= 2 * 100, "duplicates bounded by the batches in flight: " + t);
    assertEquals(0, m3.landed().size(), "the third member was never needed");
  }

  @Test
  void roundRobinIsFairWithinTenPercentOverTenThousandBatches() throws Exception {
    InProcessAggregator m1 = aggregator("m1");
    InProcessAggregator m2 = aggregator("m2");
    InProcessAggregator m3 = aggregator("m3");
    List<InProcessAggregator> all = List.of(m1, m2, m3);
    InProcessEdge edge = edge(all, "type = load_balance\nselector = round_robin",
        "batch-size = 10");
    edge.put(0, 100_000);
    await().atMost(DEADLINE).until(() -> edge.channel().size() == 0
        && all.stream().mapToLong(InProcessAggregator::eventsAccepted).sum() >= 100_000);
    long total = all.stream().mapToLong(InProcessAggregator::batchesAccepted).sum();
    assertEquals(10_000, total);
    for (InProcessAggregator m : all) {
      double share = m.batchesAccepted() / (double) total;
      assertTrue(Math.abs(share - 1 / 3.0) <= 0.1 / 3, m.name() + " took " + m.batchesAccepted()
          + " of " + total + " batches");
    }
  }

  @Test
  void leastBusyGivesATenTimesSlowerMemberAtLeastThreeTimesFewerBatches() throws Exception {
    InProcessAggregator fast = aggregator("fast");
    InProcessAggregator slow = aggregator("slow");
    fast.delay(2);
    slow.delay(20);
    InProcessEdge edge = edge(List.of(fast, slow), "type = load_balance\nselector = least_busy",
        "batch-size = 10");
    edge.put(0, 20_000);
    await().atMost(DEADLINE).until(() -> fast.eventsAccepted() + slow.eventsAccepted() >= 20_000);
    assertTrue(fast.batchesAccepted() >= 3 * slow.batchesAccepted(),
        "fast " + fast.batchesAccepted() + " vs slow " + slow.batchesAccepted());
  }

  @Test
  void aMemberThatHangsIsAbandonedWithinTwoSeconds() throws Exception {
    InProcessAggregator m1 = aggregator("m1");
    InProcessAggregator m2 = aggregator("m2");
    InProcessEdge edge = edge(List.of(m1, m2), """
        type = failover
        priority.k_m1 = 20
        priority.k_m2 = 10
        """, // unset, the reply wait is at least 6 s (the next hop's keep-alive, twice): see B2
        "batch-size = 100\nrequest-timeout = 2000");
    edge.putPaced(30_000, 10_000);
    await().atMost(DEADLINE).until(() -> m1.eventsAccepted() > 3_000);
    long before = m2.eventsAccepted();
    long hungAt = System.nanoTime();
    m1.delay(600_000); // stops answering, like SIGSTOP: the connection stays open
    long reroute = millisUntilItTakesOver(m2, before, hungAt);
    assertTrue(reroute < REROUTE_BUDGET.toMillis() + 500, "abandoned after " + reroute + " ms");
    await().atMost(DEADLINE).until(() -> edge.putSoFar() == 30_000 && edge.channel().size() == 0);
    m1.delay(0);
    m1.stop();
    m2.stop();
    Landed.Tally t = Landed.tally(30_000, landed(List.of(m1, m2)));
    assertEquals(0, t.missing(), t.toString());
  }

  @Test
  void aPeerThatAcceptsButNeverAnswersIsAbandonedWithinTwoSeconds() throws Exception {
    try (ServerSocket blackHole = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      List<Socket> held = new ArrayList<>();
      Thread acceptor = new Thread(() -> {
        try {
          while (true) {
            held.add(blackHole.accept()); // accept, never read, never answer
          }
        } catch (java.io.IOException e) {
          // closed at the end of the test
        }
      }, "test-black-hole");
      acceptor.start();
      InProcessAggregator m2 = aggregator("m2");
      java.util.Map<String, Integer> members = new java.util.LinkedHashMap<>();
      members.put("hole", blackHole.getLocalPort()); // listed first: preferred
      members.put("m2", m2.port());
      long start = System.nanoTime();
      InProcessEdge edge = new InProcessEdge(members, "type = failover", "batch-size = 100");
      closeLast.add(edge);
      edge.put(0, 1_000);
      await().atMost(DEADLINE).until(() -> m2.eventsAccepted() >= 1_000);
      long millis = (System.nanoTime() - start) / 1_000_000;
      assertTrue(millis < REROUTE_BUDGET.toMillis() + 1_000, "took " + millis + " ms");
      blackHole.close();
      for (Socket s : held) {
        s.close();
      }
    }
  }

  @Test
  void allMembersDownKeepsEventsWithoutBusyLoopingAndDrainsWhenOneReturns() throws Exception {
    InProcessAggregator m1 = aggregator("m1");
    InProcessAggregator m2 = aggregator("m2");
    m1.stop();
    m2.stop();
    InProcessEdge edge = edge(List.of(m1, m2), "type = failover\nprobeInterval = 100",
        "batch-size = 100");
    edge.put(0, 5_000);
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    long cpuBefore = groupThreadsCpuNanos(mx);
    long wallBefore = System.nanoTime();
    await().pollDelay(Duration.ofSeconds(3)).atMost(DEADLINE).until(() -> true);
    long cpu = groupThreadsCpuNanos(mx) - cpuBefore;
    long wall = System.nanoTime() - wallBefore;
    assertEquals(5_000, edge.channel().size(), "everything stays in the channel");
    assertTrue(cpu < wall / 10, "the group's threads used " + cpu / 1_000_000 + " ms of CPU in "
        + wall / 1_000_000 + " ms");

    m2.start();
    await().atMost(DEADLINE).until(() -> m2.eventsAccepted() >= 5_000);
    m2.stop();
    Landed.Tally t = Landed.tally(5_000, m2.landed());
    assertEquals(0, t.missing(), t.toString());
  }

  @Test
  void withAFileChannelEventsHeldWhileAllMembersAreDownSurviveAnEdgeRestart() throws Exception {
    InProcessAggregator m1 = aggregator("m1");
    m1.stop();
    java.util.Map<String, Integer> members = java.util.Map.of("m1", m1.port());
    String fileChannel = """
        type = file
        checkpointDir = %s
        dataDirs = %s
        """.formatted(tmp.resolve("cp").toString().replace("\\", "/"),
            tmp.resolve("data").toString().replace("\\", "/"));
    InProcessEdge first = new InProcessEdge(members, "type = failover", "batch-size = 100",
        fileChannel);
    first.put(0, 3_000);
    assertEquals(3_000, first.channel().size());
    first.close(); // the edge goes down with everything still queued

    m1.start();
    InProcessEdge second = new InProcessEdge(members, "type = failover", "batch-size = 100",
        fileChannel);
    closeLast.add(second);
    await().atMost(DEADLINE).until(() -> m1.eventsAccepted() >= 3_000);
    m1.stop();
    Landed.Tally t = Landed.tally(3_000, m1.landed());
    assertEquals(0, t.missing(), t.toString());
  }

  private static long groupThreadsCpuNanos(ThreadMXBean mx) {
    long sum = 0;
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      if (t.getName().startsWith("edge-g1-") || t.getName().startsWith("edge-k_")) {
        long c = mx.getThreadCpuTime(t.getId());
        sum += Math.max(0, c);
      }
    }
    return sum;
  }

  @Test
  void membersAddedAndRemovedUnderLoadLoseNothing() throws Exception {
    InProcessAggregator m1 = aggregator("m1");
    InProcessAggregator m2 = aggregator("m2");
    InProcessAggregator m3 = aggregator("m3");
    InProcessEdge edge = edge(List.of(m1, m2), "type = load_balance", "batch-size = 100");
    int total = 60_000;
    edge.putPaced(total, 20_000);
    await().atMost(DEADLINE).until(() -> edge.putSoFar() > 10_000);
    edge.addMember(m3, "batch-size = 100");
    await().atMost(DEADLINE).until(() -> m3.eventsAccepted() > 1_000);
    assertTrue(edge.removeMember(m1));
    long m1After = m1.eventsAccepted();
    await().atMost(DEADLINE).until(() -> edge.putSoFar() == total && edge.channel().size() == 0);
    assertEquals(m1After, m1.eventsAccepted(), "a removed member gets no more batches");
    List<InProcessAggregator> all = List.of(m1, m2, m3);
    all.forEach(InProcessAggregator::stop);
    Landed.Tally t = Landed.tally(total, landed(all));
    assertEquals(0, t.missing(), t.toString());
    assertEquals(0, t.duplicates(), t.toString());
  }
}
