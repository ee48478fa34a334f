package io.sluice.deploy.drill;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.coordination.AggregatorMembership;
import io.sluice.coordination.Member;
import io.sluice.coordination.MemberCodec;
import io.sluice.coordination.ZkClientFactory;
import io.sluice.deploy.quickstart.TierLocation;
import io.sluice.testsupport.TestZooKeeper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.curator.framework.CuratorFramework;
import org.apache.zookeeper.CreateMode;
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
    try (TestZooKeeper zk = TestZooKeeper.start()) {
      TierLocation where = new TierLocation(zk.connectString(), "c1", "/sluice", "aggs");
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
        assertTrue(injected.startsWith("ran echo remote 192.0.2.7 4343 0x"), injected);
        fault.restore();
        List<String> lines = Files.readAllLines(log);
        assertTrue(lines.get(0).matches("remote 192\\.0\\.2\\.7 4343 0x[0-9a-f]+"), lines.get(0));
        assertEquals("restore remote", lines.get(1));

        // A Sluice agent on this machine (its command line runs SluiceMain): STOP/CONT by default.
        Process agent = new ProcessBuilder("sh", "-c", "sleep 60; :", SluiceProcess.MAIN_CLASS)
            .start();
        try (AggregatorMembership mine = member(writer, where, "mine", "127.0.0.1",
            agent.pid())) {
          Fault stop = CommandFault.check(external(where, null, null), FaultKind.STOP, "mine",
              observer);
          assertEquals("ran kill -STOP " + agent.pid(), stop.inject());
          await().atMost(Duration.ofSeconds(10)).until(() -> state(agent.pid()) == 'T');
          assertEquals("ran kill -CONT " + agent.pid(), stop.restore());
          await().atMost(Duration.ofSeconds(10)).until(() -> state(agent.pid()) != 'T');
        } finally {
          agent.destroyForcibly();
        }
      }
    }
  }

  @Test
  void aPidThatIsNotASluiceAgentOrANodeThatIsNotEphemeralIsNeverSignalled() throws Exception {
    try (TestZooKeeper zk = TestZooKeeper.start()) {
      TierLocation where = new TierLocation(zk.connectString(), "c1", "/sluice", "aggs");
      Process unrelated = new ProcessBuilder("sleep", "60").start();
      try (CuratorFramework writer = new ZkClientFactory(where.settings()).start();
          AggregatorMembership sleeper = member(writer, where, "sleeper", "127.0.0.1",
              unrelated.pid());
          ZkObserver observer = ZkObserver.connect(where, Duration.ofSeconds(10))) {
        for (FaultKind kind : List.of(FaultKind.STOP, FaultKind.KILL)) {
          String refused = assertThrows(IllegalArgumentException.class, () -> CommandFault.check(
              external(where, null, null), kind, "sleeper", observer)).getMessage();
          assertTrue(refused.contains("cannot signal sleeper: process " + unrelated.pid()
              + " is not a Sluice agent"), refused);
        }
        assertTrue(unrelated.isAlive());
        assertEquals('S', state(unrelated.pid()), "neither stopped nor killed");

        // A persistent node (no live aggregator's is) is not acted on, whatever the command.
        writer.create().forPath(where.settings().paths().member("aggs", "forever"),
            MemberCodec.encode(new Member("forever", "127.0.0.1", 4141, false, 100, "",
                ProcessHandle.current().pid())));
        String persistent = assertThrows(IllegalArgumentException.class, () -> CommandFault.check(
            external(where, "true {pid}", "true"), FaultKind.KILL, "forever", observer))
            .getMessage();
        assertTrue(persistent.contains("is not ephemeral"), persistent);

        // A node whose host is an ssh option is no member at all.
        writer.create().withMode(CreateMode.EPHEMERAL).forPath(
            where.settings().paths().member("aggs", "opt"), ("{\"id\":\"opt\",\"host\":"
                + "\"-oProxyCommand=touch /tmp/pwned\",\"port\":1,\"pid\":1}").getBytes(
                java.nio.charset.StandardCharsets.UTF_8));
        String option = assertThrows(java.io.IOException.class, () -> CommandFault.check(
            external(where, "ssh {host} true", null), FaultKind.ZK_EXPIRE, "opt", observer))
            .getMessage();
        assertTrue(option.contains("is not a member document")
            && option.contains("is not a host name or address"), option);
      } finally {
        unrelated.destroyForcibly();
      }
    }
  }

  @Test
  void valuesThatCouldBeOptionsOrShellSyntaxAreRefusedAndNeverSplicedIntoTheScript() {
    CommandTemplate ssh = new CommandTemplate("ssh -- {host} systemctl kill sluice@{id}");
    for (Map<String, String> bad : List.of(Map.of("host", "-oProxyCommand=sh", "id", "a"),
        Map.of("host", "h", "id", "x;reboot"), Map.of("host", "h", "id", "$(id)"),
        Map.of("host", "h", "id", "a b"), Map.of("host", "h", "id", "`id`"))) {
      String e = assertThrows(IllegalArgumentException.class, () -> ssh.expand(bad)).getMessage();
      assertTrue(e.contains("could be read as an option or as shell syntax"), e);
    }
    CommandTemplate.Expanded x = ssh.expand(Map.of("host", "agg-1.example.com", "id", "agg-1"));
    assertEquals("ssh -- \"$1\" systemctl kill sluice@\"$2\"", x.script());
    assertEquals(List.of("agg-1.example.com", "agg-1"), x.args());
    assertEquals("ssh -- agg-1.example.com systemctl kill sluice@agg-1", x.shown());

    for (String quoted : List.of("ssh {host} 'kill {pid}'", "ssh {host} \"kill {pid}\"",
        "sh -c 'echo {id}'")) {
      String e = assertThrows(IllegalArgumentException.class, () -> new CommandTemplate(quoted))
          .getMessage();
      assertTrue(e.contains("stands inside quotes"), e);
    }
    // Quotes around other text, and escaped quotes, are fine.
    new CommandTemplate("printf '%s\\n' {id} \\' {host}");
  }

  @Test
  void aValueReachesTheCommandAsOneArgument() throws Exception {
    Path out = tmp.resolve("args");
    new CommandTemplate("printf '<%s>' {id} {host} > " + out).run(Map.of("id", "a.b",
        "host", "[::1]"));
    assertEquals("<a.b><[::1]>", Files.readString(out));
  }

  /** The state letter of /proc/<pid>/stat: R, S, T (stopped), Z... */
  private static char state(long pid) throws java.io.IOException {
    String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
    return stat.charAt(stat.lastIndexOf(')') + 2);
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
