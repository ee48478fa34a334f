package io.sluice.deploy.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.deploy.quickstart.LandedEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DrillAnalysisTest {
  private final DrillOptions options = DrillOptions.parse(List.of("--at", "5", "--down", "2",
      "--duration", "10"));

  @Test
  void reportsMissingDuplicatesRerouteRecoveryAndLatencyByPhase() {
    long start = 1_000_000;
    long fault = start + 5_000;
    LandedEvents landed = new LandedEvents();
    List<LandedTracker.Landing> landings = new ArrayList<>();
    // 10 events a second for 10 s, each landing 100 ms later, except: events of [5 s, 5.5 s)
    // land 1.5 s late (the fault), and sequence 42 never lands.
    for (int i = 0; i < 100; i++) {
      long gen = start + i * 100L;
      if (i == 42) {
        continue;
      }
      long delay = gen >= fault && gen < fault + 500 ? 1_500 : 100;
      landings.add(new LandedTracker.Landing(gen, gen + delay));
      landed.add("edge1 " + i + " " + gen);
    }
    landed.add("edge1 7 0"); // one duplicate
    DrillReport r = Drill.analyze(options, start, start + 10_000, fault, fault + 2_000, fault + 300,
        Map.of("edge1", 100L), landed, landings, new ArrayList<>());
    assertEquals(100, r.sent());
    assertEquals(99, r.landed());
    assertEquals(1, r.missing());
    assertEquals(1, r.duplicated());
    assertEquals(300, r.detectMillis());
    assertEquals(600, r.rerouteMillis(), "first event after the fault generated at +500, landed +600");
    assertEquals(100, r.p50()[0]);
    assertEquals(1_500, r.p99()[1], "during the fault");
    assertEquals(100, r.p99()[2]);
    assertTrue(r.recoverMillis() >= 1_000 && r.recoverMillis() <= 2_000, "" + r.recoverMillis());
    assertTrue(r.toJson().contains("\"missing\": 1,"), r.toJson());
  }

  @Test
  void optionsNameTheBadOne() {
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
        () -> DrillOptions.parse(List.of("--fault", "nuke")));
    assertTrue(e.getMessage().contains("--fault"), e.getMessage());
    e = assertThrows(IllegalArgumentException.class,
        () -> DrillOptions.parse(List.of("--at", "20", "--duration", "10")));
    assertTrue(e.getMessage().contains("--duration"), e.getMessage());
  }
}
