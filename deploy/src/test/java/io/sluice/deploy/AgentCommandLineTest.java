package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class AgentCommandLineTest {

  @Test
  void registrationFlagsAndTheirDefaults() {
    AgentCommandLine cl = AgentCommandLine.parse(List.of("-n", "agg", "-f", "a.properties",
        "--register-tier", "hot"), Map.of("SLUICE_ZK", "zk1:2181"));
    assertEquals(Optional.of(new AgentCommandLine.Registration("hot", Optional.empty(),
        Optional.empty(), Optional.empty(), "zk1:2181", "default")), cl.registration());

    cl = AgentCommandLine.parse(List.of("-n", "agg", "-f", "a.properties", "--register-tier", "hot",
        "--register-source", "r2", "--advertise-host", "agg7.example", "--member-id", "m7",
        "--zk", "zk2:2181", "--cluster", "prod"),
        Map.of("SLUICE_ZK", "zk1:2181", "SLUICE_CLUSTER", "other"));
    assertEquals(Optional.of(new AgentCommandLine.Registration("hot", Optional.of("r2"),
        Optional.of("agg7.example"), Optional.of("m7"), "zk2:2181", "prod")), cl.registration());

    cl = AgentCommandLine.parse(List.of("-n", "agg", "-f", "a.properties"),
        Map.of("SLUICE_ZK", "zk1:2181"));
    assertEquals(Optional.empty(), cl.registration(), "no registration without --register-tier");
  }

  @Test
  void exitWithParentIsAHiddenFlag() {
    assertTrue(AgentCommandLine.parse(List.of("-n", "a", "-f", "a.properties",
        "--exit-with-parent")).exitWithParent());
    assertEquals(false, AgentCommandLine.parse(List.of("-n", "a", "-f", "a.properties"))
        .exitWithParent());
    assertEquals(false, AgentCommandLine.USAGE.contains("--exit-with-parent"),
        "for launchers only, not in the usage");
  }

  @Test
  void registrationMistakesNameTheFlag() {
    String noZk = assertThrows(AgentCommandLine.UsageException.class, () ->
        AgentCommandLine.parse(List.of("-n", "agg", "-f", "a", "--register-tier", "hot"),
            Map.of())).getMessage();
    assertTrue(noZk.contains("--register-tier needs ZooKeeper") && noZk.contains("SLUICE_ZK"),
        noZk);
    String orphan = assertThrows(AgentCommandLine.UsageException.class, () ->
        AgentCommandLine.parse(List.of("-n", "agg", "-f", "a", "--member-id", "m1"),
            Map.of())).getMessage();
    assertEquals("--member-id only applies with --register-tier", orphan);
    String noValue = assertThrows(AgentCommandLine.UsageException.class, () ->
        AgentCommandLine.parse(List.of("-n", "agg", "-f", "a", "--register-tier"),
            Map.of())).getMessage();
    assertEquals("--register-tier needs a value", noValue);
    assertTrue(AgentCommandLine.USAGE.contains("--register-tier TIER")
        && AgentCommandLine.USAGE.contains("--advertise-host HOST"));
  }

  @Test
  void anyAgentWithZooKeeperRecordsItsMonitoringAddressThere() {
    AgentCommandLine edge = AgentCommandLine.parse(List.of("-n", "e1", "-f", "a", "--zk",
        "zk1:2181", "--cluster", "c9", "--advertise-host", "edge1.example.com"), Map.of());
    assertEquals(Optional.of(new AgentCommandLine.Announcement("zk1:2181", "c9",
        Optional.of("edge1.example.com"))), edge.announcement());
    assertTrue(edge.registration().isEmpty());
    assertEquals("zk2:2181", AgentCommandLine.parse(List.of("-n", "e1", "-f", "a"),
        Map.of("SLUICE_ZK", "zk2:2181")).announcement().orElseThrow().zkConnect());
    assertEquals("default", AgentCommandLine.parse(List.of("-n", "e1", "-z", "zk3:2181"))
        .announcement().orElseThrow().cluster());
    assertTrue(AgentCommandLine.parse(List.of("-n", "e1", "-f", "a")).announcement().isEmpty());
    assertEquals("--cluster only applies with --register-tier or --zk HOSTS",
        assertThrows(AgentCommandLine.UsageException.class, () -> AgentCommandLine.parse(
            List.of("-n", "e1", "-f", "a", "--cluster", "c9"), Map.of())).getMessage());
  }

  @Test
  void zkResyncJitterIsInMillisecondsDefaultsToFiveSecondsAndNeedsZ() {
    assertEquals(Duration.ofSeconds(5),
        AgentCommandLine.parse(List.of("-n", "a1", "-z", "zk1:2181")).zkResyncJitter());
    assertEquals(Duration.ofMillis(1500), AgentCommandLine.parse(List.of("-n", "a1", "-z",
        "zk1:2181", "--zk-resync-jitter", "1500")).zkResyncJitter());
    assertEquals(Duration.ZERO, AgentCommandLine.parse(List.of("-n", "a1", "-z", "zk1:2181",
        "--zk-resync-jitter", "0")).zkResyncJitter());
    String negative = assertThrows(AgentCommandLine.UsageException.class, () ->
        AgentCommandLine.parse(List.of("-n", "a1", "-z", "zk1:2181", "--zk-resync-jitter", "-5")))
        .getMessage();
    assertEquals("--zk-resync-jitter needs a value", negative);
    String word = assertThrows(AgentCommandLine.UsageException.class, () ->
        AgentCommandLine.parse(List.of("-n", "a1", "-z", "zk1:2181", "--zk-resync-jitter", "5s")))
        .getMessage();
    assertEquals("--zk-resync-jitter takes a whole number of milliseconds, not '5s'", word);
    String noZk = assertThrows(AgentCommandLine.UsageException.class, () ->
        AgentCommandLine.parse(List.of("-n", "a1", "-f", "a.properties", "--zk-resync-jitter",
            "100"))).getMessage();
    assertEquals("--zk-resync-jitter only applies with -z", noZk);
    assertTrue(AgentCommandLine.USAGE.contains("--zk-resync-jitter MS"));
  }
}
