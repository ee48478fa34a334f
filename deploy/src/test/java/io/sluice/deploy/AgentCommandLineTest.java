package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
}
