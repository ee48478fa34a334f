package io.sluice.it.zookeeper;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.aggregator.registration.AggregatorRegistration;
import io.sluice.aggregator.registration.RegistrationSettings;
import io.sluice.coordination.ZkSettings;
import io.sluice.core.agent.Agent;
import io.sluice.testsupport.AgentTexts;
import io.sluice.testsupport.InProcessAggregator;
import io.sluice.testsupport.Landed;
import io.sluice.testsupport.Pacer;
import io.sluice.testsupport.TestAgents;
import io.sluice.testsupport.TestZooKeeper;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #7 end to end in one JVM: aggregator agents announce themselves with
 * {@link AggregatorRegistration}, an edge agent's {@code zookeeper}-discovered sink group follows
 * them under load, and nothing is lost when one joins and another leaves.
 */
class ZooKeeperTopologyIT {
  private static final Duration FOLLOW = Duration.ofSeconds(2);
  private static final Duration DEADLINE = Duration.ofSeconds(90);

  @TempDir Path tmp;

  @Test
  void registeredAggregatorsJoinAndLeaveAnEdgeUnderLoad() throws Exception {
    int total = 80_000;
    try (TestZooKeeper zk = TestZooKeeper.start()) {
      ZkSettings settings = zk.settings("it");
      InProcessAggregator a1 = new InProcessAggregator("a1", tmp).start();
      InProcessAggregator a2 = new InProcessAggregator("a2", tmp);
      List<AutoCloseable> cleanup = new ArrayList<>();
      try {
        AggregatorRegistration r1 = register(a1, settings);
        cleanup.add(r1);
        Agent edge = edge(settings);
        cleanup.add(edge);
        Pacer put = Pacer.every10ms(() -> edge.channel("c1"), total);
        cleanup.add(put);

        await().atMost(DEADLINE).until(() -> !a1.landed().isEmpty());
        a2.start();
        AggregatorRegistration r2 = register(a2, settings);
        cleanup.add(r2);
        await().atMost(FOLLOW).until(() -> edge.runnerCount("g1") == 2);
        await().atMost(FOLLOW).until(() -> a2.eventsAccepted() > 0);
        assertTrue(put.putSoFar() < total, "a2 joined under load");

        r1.close(); // leaves the tier and waits the deregister grace: edges move away first
        await().atMost(FOLLOW).until(() -> edge.runnerCount("g1") == 1);
        a1.stop(); // drains what it accepted into its files
        assertTrue(put.putSoFar() < total, "a1 left under load");

        await().atMost(DEADLINE).until(() -> put.putSoFar() == total
            && edge.channel("c1").size() == 0
            && a1.landed().size() + a2.landed().size() >= total);
        List<String> lines = new ArrayList<>(a1.landed());
        lines.addAll(a2.landed());
        Landed.Tally t = Landed.tally(total, lines);
        assertEquals(0, t.missing(), t.toString());
        assertTrue(t.duplicates() <= 10 * 100, "duplicates bounded by in-flight batches: " + t);
      } finally {
        for (int i = cleanup.size() - 1; i >= 0; i--) {
          cleanup.get(i).close();
        }
        a1.close();
        a2.close();
      }
    }
  }

  private static AggregatorRegistration register(InProcessAggregator a, ZkSettings zk)
      throws InterruptedException {
    AggregatorRegistration r = new AggregatorRegistration(a.agent(),
        RegistrationSettings.of(zk, "aggregators").withMemberId(Optional.of(a.name())));
    r.start();
    assertTrue(r.awaitRegistered(Duration.ofSeconds(10)), a.name() + " registered");
    return r;
  }

  private Agent edge(ZkSettings zk) {
    return TestAgents.start(AgentTexts.discoveredEdge(zk, "aggregators",
        tmp.resolve("edge-cache"), ""), "e1", Duration.ofSeconds(20));
  }
}
