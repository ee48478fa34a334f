package io.sluice.core.sinkprocessor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.EventDeliveryException;
import io.sluice.api.SinkProcessor;
import io.sluice.api.Status;
import io.sluice.api.config.ConfigException;
import io.sluice.core.testutil.Configs;
import io.sluice.core.testutil.FakeSink;
import java.util.Map;
import org.junit.jupiter.api.Test;

class LoadBalancingSinkProcessorTest {
  private final LoadBalancingSinkProcessorFactory factory = new LoadBalancingSinkProcessorFactory();

  private static void times(SinkProcessor p, int n) throws EventDeliveryException {
    for (int i = 0; i < n; i++) {
      assertEquals(Status.READY, p.process());
    }
  }

  @Test
  void roundRobinIsExactlyFairAndAdvancesPerBatch() throws Exception {
    GroupFixture g = new GroupFixture("k1", "k2", "k3");
    SinkProcessor p = g.create(factory, Map.of());
    for (int i = 0; i < 30; i++) {
      p.process();
      String expected = "k" + (i % 3 + 1);
      assertEquals(i / 3 + 1, g.sink(expected).delivered(), "batch " + i + " goes to " + expected);
    }
    g.sinks.values().forEach(s -> assertEquals(10, s.delivered()));
  }

  @Test
  void withoutBackoffADeadSinkIsTriedEveryTimeItsTurnComes() throws Exception {
    GroupFixture g = new GroupFixture("k1", "k2", "k3");
    SinkProcessor p = g.create(factory, Map.of("backoff", "false"));
    g.sink("k2").failing(true);
    times(p, 9);
    assertEquals(3, g.sink("k2").failed());
    assertEquals(3, g.sink("k1").delivered());
    assertEquals(6, g.sink("k3").delivered(), "k3 takes k2's batches as the next in order");
  }

  @Test
  void withBackoffAFailedSinkIsExcludedForItsWindow() throws Exception {
    GroupFixture g = new GroupFixture("k1", "k2", "k3");
    LoadBalancingSinkProcessor p = (LoadBalancingSinkProcessor) g.create(factory,
        Map.of("backoff", "true", "selector.maxTimeOut", "3000"));
    g.sink("k2").failing(true);
    times(p, 2);
    assertEquals(1, g.sink("k2").failed());
    times(p, 20);
    assertEquals(1, g.sink("k2").failed(), "excluded during its 2 s window");
    assertEquals(22, g.sink("k1").delivered() + g.sink("k3").delivered());

    g.clock.advanceMillis(2000);
    times(p, 3);
    assertEquals(2, g.sink("k2").failed(), "tried again once the window ended");
    assertEquals(2, p.failures("k2"));

    g.sink("k2").failing(false);
    g.clock.advanceMillis(2999);
    times(p, 6);
    assertEquals(0, g.sink("k2").delivered(), "second window is capped at maxTimeOut = 3 s");
    g.clock.advanceMillis(1);
    times(p, 3);
    assertEquals(1, g.sink("k2").delivered());
    assertEquals(0, p.failures("k2"));
  }

  @Test
  void allFailedNamesEverySink() throws Exception {
    GroupFixture g = new GroupFixture("k1", "k2");
    SinkProcessor p = g.create(factory, Map.of("backoff", "true"));
    g.sinks.values().forEach(s -> s.failing(true));
    EventDeliveryException e = assertThrows(EventDeliveryException.class, p::process);
    assertTrue(e.getMessage().startsWith("All configured sinks have failed in sink group g1"), e.getMessage());
    assertTrue(e.getMessage().contains("k1: sink k1 is down") && e.getMessage().contains("k2: sink k2 is down"),
        e.getMessage());
    EventDeliveryException again = assertThrows(EventDeliveryException.class, p::process);
    assertTrue(again.getMessage().contains("k1: penalised for another 2000 ms after: sink k1 is down"), again.getMessage());
  }

  @Test
  void randomSelectorReachesEverySink() throws Exception {
    GroupFixture g = new GroupFixture("k1", "k2", "k3");
    SinkProcessor p = g.create(factory, Map.of("selector", "random"));
    times(p, 300);
    for (FakeSink s : g.sinks.values()) {
      assertTrue(s.delivered() > 30, "each sink gets a share, got " + s.delivered());
    }
    assertEquals(300, g.sinks.values().stream().mapToInt(FakeSink::delivered).sum());
  }

  /** A custom selector as a user would write one: always the last member first. */
  public static final class LastFirstSelector implements io.sluice.api.SinkSelector {
    @Override
    public java.util.List<Member> order(java.util.List<Member> available) {
      java.util.List<Member> out = new java.util.ArrayList<>(available);
      java.util.Collections.reverse(out);
      return out;
    }
  }

  @Test
  void customSelectorClassIsUsed() throws Exception {
    GroupFixture g = new GroupFixture("k1", "k2", "k3");
    SinkProcessor p = g.create(factory, Map.of("selector", LastFirstSelector.class.getName()));
    times(p, 5);
    assertEquals(5, g.sink("k3").delivered());
  }

  @Test
  void selectorClassThatIsNotASelectorIsAConfigError() {
    ConfigException e = assertThrows(ConfigException.class,
        () -> Configs.configure(factory, Map.of("selector", "java.lang.String")));
    assertEquals("selector", e.problems().get(0).key());
    assertTrue(e.getMessage().contains("does not implement io.sluice.api.SinkSelector"),
        e.getMessage());
    // checked without running its static initialiser, which throws
    String other = io.sluice.core.testutil.NotToBeInitialised.class.getName();
    e = assertThrows(ConfigException.class,
        () -> Configs.configure(factory, Map.of("selector", other)));
    assertTrue(e.getMessage().contains("does not implement io.sluice.api.SinkSelector"),
        e.getMessage());
    e = assertThrows(ConfigException.class,
        () -> Configs.configure(factory, Map.of("selector", "com.example.NoSuchSelector")));
    assertTrue(e.getMessage().contains("is not on the classpath"), e.getMessage());
  }

  @Test
  void needsTwoSinks() {
    GroupFixture g = new GroupFixture("k1");
    ConfigException e = assertThrows(ConfigException.class, () -> g.create(factory, Map.of()));
    assertTrue(e.getMessage().contains("at least 2"), e.getMessage());
  }
}
