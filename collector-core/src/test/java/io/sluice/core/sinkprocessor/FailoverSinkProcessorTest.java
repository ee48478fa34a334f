package io.sluice.core.sinkprocessor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.EventDeliveryException;
import io.sluice.api.SinkProcessor;
import io.sluice.api.Status;
import io.sluice.api.config.ConfigException;
import io.sluice.core.testutil.Configs;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FailoverSinkProcessorTest {
  private final FailoverSinkProcessorFactory factory = new FailoverSinkProcessorFactory();

  private static void times(SinkProcessor p, int n) throws EventDeliveryException {
    for (int i = 0; i < n; i++) {
      assertEquals(Status.READY, p.process());
    }
  }

  @Test
  void failsOverWithinTheCallAndFailsBackAfterThePenalty() throws Exception {
    GroupFixture g = new GroupFixture("k1", "k2", "k3");
    FailoverSinkProcessor p = (FailoverSinkProcessor) g.create(factory,
        Map.of("priority.k1", "5", "priority.k2", "10", "priority.k3", "1"));

    times(p, 3);
    assertEquals(3, g.sink("k2").delivered());
    assertEquals("k2", p.activeSink());

    g.sink("k2").failing(true);
    times(p, 4);
    assertEquals(1, g.sink("k2").failed(), "a penalised sink is not retried");
    assertEquals(4, g.sink("k1").delivered(), "the next sink took the failed batch in the same call");
    assertEquals(1, p.failures("k2"));

    g.clock.advanceMillis(1999);
    times(p, 1);
    assertEquals(1, g.sink("k2").failed());
    g.clock.advanceMillis(1);
    times(p, 1);
    assertEquals(2, g.sink("k2").failed(), "retried once its 2 s penalty ended");
    assertEquals(2, p.failures("k2"));
    assertEquals(6, g.sink("k1").delivered());

    g.sink("k2").failing(false);
    g.clock.advanceMillis(3999);
    times(p, 1);
    assertEquals(7, g.sink("k1").delivered(), "second penalty is 4 s");
    g.clock.advanceMillis(1);
    times(p, 2);
    assertEquals(5, g.sink("k2").delivered(), "failback to the preferred sink");
    assertEquals(0, p.failures("k2"));
    assertEquals("k2", p.activeSink());
    assertEquals(7, g.sink("k1").delivered());
    assertEquals(0, g.sink("k3").delivered());
  }

  @Test
  void unprioritisedSinksKeepListingOrderAfterPrioritisedOnes() throws Exception {
    GroupFixture g = new GroupFixture("k3", "k1", "k2");
    SinkProcessor p = g.create(factory, Map.of("priority.k2", "-7"));
    times(p, 1);
    assertEquals(1, g.sink("k2").delivered());
    g.sink("k2").failing(true);
    times(p, 1);
    assertEquals(1, g.sink("k3").delivered());
    g.sink("k3").failing(true);
    times(p, 1);
    assertEquals(1, g.sink("k1").delivered());
  }

  @Test
  void noPrioritiesMeansListingOrder() throws Exception {
    GroupFixture g = new GroupFixture("k3", "k1", "k2");
    SinkProcessor p = g.create(factory, Map.of());
    times(p, 2);
    assertEquals(2, g.sink("k3").delivered());
    assertEquals(0, g.sink("k1").delivered());
  }

  @Test
  void penaltyIsCappedByMaxpenalty() throws Exception {
    GroupFixture g = new GroupFixture("k1", "k2");
    FailoverSinkProcessor p = (FailoverSinkProcessor) g.create(factory, Map.of("maxpenalty", "3000"));
    g.sink("k1").failing(true);
    times(p, 1);
    g.clock.advanceMillis(2000);
    times(p, 1);
    assertEquals(2, g.sink("k1").failed());
    g.clock.advanceMillis(2999);
    times(p, 1);
    assertEquals(2, g.sink("k1").failed());
    g.clock.advanceMillis(1);
    times(p, 1);
    assertEquals(3, g.sink("k1").failed(), "third penalty capped at 3 s instead of 8 s");
  }

  @Test
  void allSinksFailedNamesEachSinkAndItsError() throws Exception {
    GroupFixture g = new GroupFixture("k1", "k2");
    SinkProcessor p = g.create(factory, Map.of());
    g.sink("k1").failing(true);
    g.sink("k2").failing(true);
    EventDeliveryException e = assertThrows(EventDeliveryException.class, p::process);
    assertTrue(e.getMessage().startsWith("All sinks failed in sink group g1"), e.getMessage());
    assertTrue(e.getMessage().contains("k1: sink k1 is down"), e.getMessage());
    assertTrue(e.getMessage().contains("k2: sink k2 is down"), e.getMessage());

    EventDeliveryException again = assertThrows(EventDeliveryException.class, p::process);
    assertTrue(again.getMessage().contains("k1: penalised for another 2000 ms after: sink k1 is down"),
        again.getMessage());
    assertEquals(1, g.sink("k1").failed());
  }

  @Test
  void duplicatePriorityIsAConfigErrorNamingTheKey() {
    java.util.Map<String, String> raw = new java.util.LinkedHashMap<>();
    raw.put("priority.k1", "5");
    raw.put("priority.k2", "5");
    ConfigException e = assertThrows(ConfigException.class, () -> Configs.configure(factory, raw));
    assertEquals("priority.k2", e.problems().get(0).key());
    assertTrue(e.getMessage().contains("already given to sink 'k1'"), e.getMessage());
  }

  @Test
  void priorityForAStrangerIsAConfigError() {
    GroupFixture g = new GroupFixture("k1", "k2");
    ConfigException e = assertThrows(ConfigException.class,
        () -> g.create(factory, Map.of("priority.k9", "3")));
    assertEquals("priority.k9", e.problems().get(0).key());
    assertTrue(e.getMessage().contains("k1, k2"), e.getMessage());
  }

  @Test
  void membersCanBeAddedAndRemovedAtRunTime() throws Exception {
    GroupFixture g = new GroupFixture("k1", "k2");
    FailoverSinkProcessor p = (FailoverSinkProcessor) g.create(factory, Map.of());
    times(p, 1);
    io.sluice.core.testutil.FakeSink k4 = new io.sluice.core.testutil.FakeSink("k4");
    p.addSink("k4", k4);
    assertEquals(g.sink("k1"), p.removeSink("k1"));
    assertEquals(g.sink("k2"), p.removeSink("k2"));
    assertEquals(null, p.removeSink("k2"));
    times(p, 1);
    assertEquals(1, k4.delivered());
    assertEquals(1, g.sink("k1").delivered());
  }
}
