package io.sluice.it.zookeeper;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.aggregator.registration.AggregatorRegistration;
import io.sluice.aggregator.registration.RegistrationSettings;
import io.sluice.api.Event;
import io.sluice.api.Transaction;
import io.sluice.coordination.ZkSettings;
import io.sluice.core.agent.Agent;
import io.sluice.core.agent.AgentOptions;
import io.sluice.core.config.AgentConfigLoader;
import io.sluice.core.config.FlumeProperties;
import io.sluice.core.config.ValueSubstitutor;
import io.sluice.core.registry.ComponentRegistry;
import io.sluice.core.runtime.NamedThreadFactory;
import io.sluice.it.fixture.InProcessAggregator;
import io.sluice.it.fixture.Landed;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.curator.test.TestingServer;
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
    try (TestingServer zk = new TestingServer(true)) {
      ZkSettings settings = ZkSettings.of(zk.getConnectString(), "it");
      InProcessAggregator a1 = new InProcessAggregator("a1", tmp).start();
      InProcessAggregator a2 = new InProcessAggregator("a2", tmp);
      List<AutoCloseable> cleanup = new ArrayList<>();
      try {
        AggregatorRegistration r1 = register(a1, settings);
        cleanup.add(r1);
        Agent edge = edge(settings);
        cleanup.add(edge);
        ScheduledExecutorService pacer =
            Executors.newSingleThreadScheduledExecutor(new NamedThreadFactory("pacer"));
        cleanup.add(pacer::shutdownNow);
        AtomicInteger put = new AtomicInteger();
        pacer.scheduleAtFixedRate(() -> {
          int from = put.get();
          if (from < total) {
            put(edge, from, Math.min(total, from + 100));
            put.set(Math.min(total, from + 100));
          }
        }, 0, 10, TimeUnit.MILLISECONDS);

        await().atMost(DEADLINE).until(() -> !a1.landed().isEmpty());
        a2.start();
        AggregatorRegistration r2 = register(a2, settings);
        cleanup.add(r2);
        await().atMost(FOLLOW).until(() -> edge.runnerCount("g1") == 2);
        await().atMost(FOLLOW).until(() -> a2.eventsAccepted() > 0);
        assertTrue(put.get() < total, "a2 joined under load");

        r1.close(); // leaves the tier and waits the deregister grace: edges move away first
        await().atMost(FOLLOW).until(() -> edge.runnerCount("g1") == 1);
        a1.stop(); // drains what it accepted into its files
        assertTrue(put.get() < total, "a1 left under load");

        await().atMost(DEADLINE).until(() -> put.get() == total
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
    String text = """
        e1.sources = idle
        e1.sources.idle.type = avro
        e1.sources.idle.bind = 127.0.0.1
        e1.sources.idle.port = 0
        e1.sources.idle.channels = c1
        e1.channels = c1
        e1.channels.c1.type = memory
        e1.channels.c1.capacity = 200000
        e1.channels.c1.transactionCapacity = 1000
        e1.channels.c1.keep-alive = 0.2
        e1.sinkgroups = g1
        e1.sinkgroups.g1.channel = c1
        e1.sinkgroups.g1.discovery = zookeeper
        e1.sinkgroups.g1.discovery.connect = %s
        e1.sinkgroups.g1.discovery.cluster = %s
        e1.sinkgroups.g1.discovery.cacheDir = %s
        e1.sinkgroups.g1.processor.type = load_balance
        e1.sinkgroups.g1.sink.batch-size = 100
        """.formatted(zk.connectString(), zk.cluster(),
        tmp.resolve("edge-cache").toString().replace('\\', '/'));
    Agent a = new Agent(new AgentConfigLoader(ComponentRegistry.fromContextClassLoader(),
        ValueSubstitutor.of(Map.of(), Map.of())).load(FlumeProperties.parse(text), "e1"),
        AgentOptions.defaults().withShutdownGrace(Duration.ofSeconds(20)));
    a.start();
    return a;
  }

  private static void put(Agent edge, int from, int to) {
    try (Transaction tx = edge.channel("c1").getTransaction()) {
      tx.begin();
      for (int i = from; i < to; i++) {
        tx.put(Event.of(Integer.toString(i).getBytes(StandardCharsets.UTF_8)));
      }
      tx.commit();
    }
  }
}
