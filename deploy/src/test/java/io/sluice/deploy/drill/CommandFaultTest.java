package io.sluice.deploy.drill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.coordination.AggregatorMembership;
import io.sluice.coordination.Member;
import io.sluice.coordination.ZkClientFactory;
import io.sluice.deploy.quickstart.TierLocation;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.curator.test.TestingServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on a cluster named by {@code --zk}: what is checked before any load, the defaults for a
 * member on this machine, and the operator's templates filled from the member node.
 */
class CommandFaultTest {
  @TempDir Path tmp;

  @Test
  void templatesAreFilledFromTheMemberNodeAndDefaultsNeedAPidOnThisMachine() throws Exception {
    try (TestingServer zk = new TestingServer(true)) {
      TierLocation where = new TierLocation(zk.getConnectString(), "c1", "/sluice", "aggs");
      try (CuratorFramework writer = new ZkClientFactory(where.settings()).start();
          AggregatorMembership local = member(writer, where, "local", "127.0.0.1", 4242);
          AggregatorMembership remote = member(writer, where, "remote", "192.0.2.7", 4343);
          AggregatorMembership old = member(writer, where, "old", "127.0.0.1", 0);
          ZkObserver observer = ZkObserver.connect(where, Duration.ofSeconds(10))) {
        String unknown = assertThrows(IllegalArgumentException.class, () -> CommandFault.check(
            external(where, null, "x"), FaultKind.KILL, "nobody", observer)).getMessage();
        assertTrue(unknown.contains("--target nobody is not registered under "
            + "/sluice/c1/tiers/aggs/members (live: [local, old, remote])"), unknown);

        String far = assertThrows(IllegalArgumentException.class, () -> CommandFault.check(
            external(where, null, null), FaultKind.STOP, "remote", observer)).getMessage();
        assertTrue(far.contains("it runs on 192.0.2.7, not on this machine")
            && far.contains("--fault-command and --restore-command"), far);
        String noPid = assertThrows(IllegalArgumentException.class, () -> CommandFault.check(
            external(where, null, "x"), FaultKind.KILL, "old", observer)).getMessage();
        assertTrue(noPid.contains("its member node has no pid"), noPid);
        String noValue = assertThrows(IllegalArgumentException.class, () -> CommandFault.check(
            external(where, "ssh {host} kill {pid}", "x"), FaultKind.KILL, "old", observer))
            .getMessage();
        assertTrue(noValue.contains("{pid} has no value here"), noValue);

        Path log = tmp.resolve("ran");
        Fault fault = CommandFault.check(external(where, "echo {id} {host} {pid} {session} >> "
            + log, "echo restore {id} >> " + log), FaultKind.KILL, "remote", observer);
        String injected = fault.inject();
        assertTrue(injected.startsWith("ran echo 'remote' '192.0.2.7' '4343' '0x"), injected);
        fault.restore();
        List<String> lines = Files.readAllLines(log);
        assertTrue(lines.get(0).matches("remote 192\\.0\\.2\\.7 4343 0x[0-9a-f]+"), lines.get(0));
        assertEquals("restore remote", lines.get(1));

        Process sleeper = new ProcessBuilder("sleep", "60").start();
        try {
          // A member on this machine with a pid: SIGSTOP/SIGCONT by default.
          try (AggregatorMembership mine = member(writer, where, "mine", "127.0.0.1",
              sleeper.pid())) {
            Fault stop = CommandFault.check(external(where, null, null), FaultKind.STOP, "mine",
                observer);
            assertEquals("ran kill -STOP '" + sleeper.pid() + "'", stop.inject());
            assertEquals("ran kill -CONT '" + sleeper.pid() + "'", stop.restore());
          }
        } finally {
          sleeper.destroyForcibly();
        }
      }
    }
  }

  @Test
  void shellQuotingKeepsAValueOneWord() {
    assertEquals("'it'\\''s; rm -rf x'", CommandTemplate.quote("it's; rm -rf x"));
    assertEquals("ssh 'h 1' true", new CommandTemplate("ssh {host} true")
        .expand(Map.of("host", "h 1")));
  }

  private static AggregatorMembership member(CuratorFramework writer, TierLocation where,
      String id, String host, long pid) throws InterruptedException {
    AggregatorMembership m = new AggregatorMembership(writer, where.settings().paths(),
        where.tier(), new Member(id, host, 4141, false, 100, "", pid));
    m.register();
    assertTrue(m.awaitRegistered(Duration.ofSeconds(10)));
    return m;
  }

  private static DrillOptions.External external(TierLocation where, String fault,
      String restore) {
    return new DrillOptions.External(where, "hdfs://unused:8020", "/sluice",
        Optional.ofNullable(fault), Optional.ofNullable(restore), 10);
  }
}
