package io.sluice.core.sinkprocessor;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Sink;
import io.sluice.api.SinkProcessor;
import io.sluice.api.SinkSelector.Member;
import io.sluice.core.runtime.NamedThreadFactory;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Parallel members, probing instead of real batches, live membership, and the operator events. */
class SinkGroupBehaviourTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private final GroupFixture g = new GroupFixture();
  private final Map<String, ScriptedSink> members = new LinkedHashMap<>();
  private final ExecutorService pool = Executors.newCachedThreadPool(new NamedThreadFactory("t"));
  private SinkProcessor processor;

  private SinkProcessor create(Object factory, Map<String, String> raw, String... names)
      throws Exception {
    for (String n : names) {
      members.put(n, new ScriptedSink(n));
    }
    Map<String, Sink> sinks = new LinkedHashMap<>(members);
    processor = factory instanceof FailoverSinkProcessorFactory f ? g.create(f, raw, sinks)
        : g.create((LoadBalancingSinkProcessorFactory) factory, raw, sinks);
    processor.start();
    return processor;
  }

  @AfterEach
  void stop() {
    if (processor != null) {
      processor.stop();
    }
    members.values().forEach(m -> m.gate = null);
    pool.shutdownNow();
  }

  @Test
  void loadBalancedMembersCarryBatchesInParallelButOneEach() throws Exception {
    SinkProcessor p = create(new LoadBalancingSinkProcessorFactory(), Map.of(), "k1", "k2", "k3");
    assertEquals(3, p.parallelism());
    CountDownLatch gate = new CountDownLatch(1);
    members.values().forEach(m -> m.gate = gate);
    List<Future<?>> calls = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      calls.add(pool.submit(() -> p.process()));
    }
    await().atMost(DEADLINE).until(() ->
        members.values().stream().allMatch(m -> m.inside.get() == 1));
    gate.countDown();
    for (Future<?> f : calls) {
      f.get();
    }
    members.values().forEach(m -> assertEquals(1, m.mostInside.get(), m.name));
    members.values().forEach(m -> assertEquals(1, m.batches.get(), m.name));
  }

  @Test
  void penalisedMemberRejoinsOnlyWhenItsProbeAnswers() throws Exception {
    SinkProcessor p = create(new FailoverSinkProcessorFactory(),
        Map.of("priority.k1", "10", "priority.k2", "5", "probeInterval", "10"), "k1", "k2");
    ScriptedSink k1 = members.get("k1");
    k1.failing = true;
    k1.answering = false;
    p.process();
    assertEquals(1, k1.failures.get());
    assertEquals(1, members.get("k2").batches.get(), "the batch moved on in the same call");

    g.clock.advanceMillis(60_000); // the penalty is long over, but k1 has not answered a probe
    await().atMost(DEADLINE).until(() -> k1.probes.get() >= 1);
    p.process();
    assertEquals(1, k1.failures.get(), "no real batch is risked on a member that does not answer");
    assertEquals(2, members.get("k2").batches.get());

    k1.failing = false;
    k1.answering = true;
    g.clock.advanceMillis(60_000);
    await().atMost(DEADLINE).until(() -> g.metrics.value("g1", GroupEvents.REJOINS) == 1);
    p.process();
    assertEquals(1, k1.batches.get(), "failback to the preferred member");
    assertEquals(1, g.metrics.value("g1", GroupEvents.FAILOVERS), "from k2 back to k1");
    assertTrue(g.metrics.value("g1", GroupEvents.PENALTIES) >= 1);
  }

  @Test
  void removingAMemberWaitsForItsBatchInFlight() throws Exception {
    LoadBalancingSinkProcessor p = (LoadBalancingSinkProcessor) create(
        new LoadBalancingSinkProcessorFactory(), Map.of(), "k1", "k2");
    ScriptedSink k1 = members.get("k1");
    CountDownLatch gate = new CountDownLatch(1);
    k1.gate = gate;
    Future<?> batch = pool.submit(() -> p.process()); // round-robin starts with k1
    await().atMost(DEADLINE).until(() -> k1.inside.get() == 1);
    Future<Sink> removal = pool.submit(() -> p.removeSink("k1"));
    await().atMost(DEADLINE).until(() -> p.memberNames().equals(List.of("k2")));
    assertFalse(removal.isDone(), "removal must wait for the batch in flight");
    gate.countDown();
    assertEquals(k1, removal.get());
    batch.get();
    assertEquals(1, k1.batches.get());
    assertEquals(1, p.parallelism());

    ScriptedSink k3 = new ScriptedSink("k3");
    p.addSink("k3", k3);
    assertEquals(2, p.parallelism());
    for (int i = 0; i < 4; i++) {
      p.process();
    }
    assertEquals(2, k3.batches.get());
  }

  @Test
  void leastBusyPrefersIdleThenFastMembers() {
    LeastBusySelector s = new LeastBusySelector();
    List<Member> order = s.order(List.of(new Member("slow", 0, 9_000), new Member("busy", 1, 10),
        new Member("fast", 0, 900), new Member("new", 0, 0)));
    assertEquals(List.of("new", "fast", "slow", "busy"), order.stream().map(Member::name).toList());
  }
}
