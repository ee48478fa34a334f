package io.sluice.core.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/**
 * An aggregator's channel that stays nearly full makes it not ready, with hysteresis; an unhealthy
 * one at once. Not ready is what makes an aggregator leave its tier (FullAggregatorLeavesItsTierTest).
 */
class FullChannelReadinessTest {
  private final AtomicLong size = new AtomicLong();
  private final AtomicLong now = new AtomicLong();
  private final MetricsRegistry metrics = new MetricsRegistry();

  private final MonitoredAgent agent = new MonitoredAgent() {
    @Override
    public String name() {
      return "agg";
    }

    @Override
    public MetricsRegistry metrics() {
      return metrics;
    }

    @Override
    public AgentStatus status() {
      return new AgentStatus("agg", AgentPhase.RUNNING, 0, 0, 0,
          List.of(new ComponentStatus(ComponentKind.CHANNEL, "c1", "memory", true)));
    }
  };

  FullChannelReadinessTest() {
    metrics.group("CHANNEL.c1").gauge("ChannelSize", size::get);
    metrics.group("CHANNEL.c1").gauge("ChannelCapacity", () -> 100);
  }

  private List<String> at(long seconds, long fill, MonitoredAgent gated) {
    now.set(Duration.ofSeconds(seconds).toNanos());
    size.set(fill);
    return Readiness.problems(gated);
  }

  @Test
  void notReadyOnlyAfterStayingFullAndReadyAgainOnlyBelowTheLowerMark() {
    MonitoredAgent gated = new FullChannelReadiness(FullChannelLimits.DEFAULTS, now::get)
        .gate(agent);
    assertEquals(List.of(), at(0, 96, gated), "not yet: full for 0 s");
    assertEquals(List.of(), at(5, 99, gated));
    assertEquals(List.of(), at(9, 50, gated), "dipped below: the clock starts again");
    assertEquals(List.of(), at(10, 95, gated));
    assertEquals(List.of(), at(19, 100, gated));
    List<String> problems = at(20, 97, gated);
    assertEquals(List.of("channel c1 is 97% full (at or above 95% for 10 s; ready again below"
        + " 80%)"), problems);
    assertEquals(1, at(30, 85, gated).size(), "still full between the marks");
    assertEquals(List.of(), at(31, 79, gated), "ready below the lower mark");
    assertEquals(List.of(), at(32, 94, gated), "and not full again until it stays full");
    assertEquals(List.of(), Readiness.problems(agent), "the agent itself knows nothing of it");
  }

  @Test
  void anUnhealthyChannelMakesTheAgentNotReadyUntilItIsHealthyAgain() {
    AtomicLong unhealthy = new AtomicLong();
    metrics.group("CHANNEL.c1").gauge("Unhealthy", unhealthy::get);
    assertEquals(List.of(), Readiness.problems(agent));
    unhealthy.set(1); // a file channel whose sync failed
    assertEquals(List.of("channel c1 is unhealthy"), Readiness.problems(agent));
    unhealthy.set(0);
    assertEquals(List.of(), Readiness.problems(agent));
  }

  @Test
  void limitsComeFromSystemPropertiesAndEveryBadOneIsNamed() {
    Properties p = new Properties();
    assertEquals(FullChannelLimits.DEFAULTS, FullChannelLimits.fromSystemProperties(p));
    p.setProperty(FullChannelLimits.FULL_AT_PROPERTY, "0.9");
    p.setProperty(FullChannelLimits.READY_BELOW_PROPERTY, "0.5");
    p.setProperty(FullChannelLimits.FULL_FOR_PROPERTY, "0.25");
    assertEquals(new FullChannelLimits(0.9, 0.5, Duration.ofMillis(250)),
        FullChannelLimits.fromSystemProperties(p));
    p.setProperty(FullChannelLimits.FULL_AT_PROPERTY, "1.5");
    p.setProperty(FullChannelLimits.FULL_FOR_PROPERTY, "soon");
    String msg = assertThrows(IllegalArgumentException.class,
        () -> FullChannelLimits.fromSystemProperties(p)).getMessage();
    assertTrue(msg.contains("sluice.monitoring.ready.fullAt=1.5")
        && msg.contains("sluice.monitoring.ready.fullForSeconds=soon"), msg);
    p.setProperty(FullChannelLimits.FULL_AT_PROPERTY, "0.5");
    p.setProperty(FullChannelLimits.READY_BELOW_PROPERTY, "0.6");
    p.setProperty(FullChannelLimits.FULL_FOR_PROPERTY, "1");
    msg = assertThrows(IllegalArgumentException.class,
        () -> FullChannelLimits.fromSystemProperties(p)).getMessage();
    assertTrue(msg.contains("sluice.monitoring.ready.readyBelow=0.6 must be at least 0 and below"),
        msg);
  }
}
