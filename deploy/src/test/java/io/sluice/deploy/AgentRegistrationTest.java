package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testsupport.TestZooKeeper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice agent ... --register-tier}: joins the tier while running, leaves it on stop. */
class AgentRegistrationTest {
  private static final String AGGREGATOR = """
      agg.sources = r1
      agg.channels = c1
      agg.sinks = k1
      agg.sources.r1.type = avro
      agg.sources.r1.bind = 127.0.0.1
      agg.sources.r1.port = 0
      agg.sources.r1.channels = c1
      agg.channels.c1.type = memory
      agg.sinks.k1.type = null
      agg.sinks.k1.channel = c1
      """;

  @TempDir Path tmp;
  private final ByteArrayOutputStream errBytes = new ByteArrayOutputStream();
  private final PrintStream err = new PrintStream(errBytes, true, StandardCharsets.UTF_8);

  @Test
  void registersWhileRunningAndDeregistersOnStop() throws Exception {
    Path conf = Files.writeString(tmp.resolve("agg.properties"), AGGREGATOR);
    try (TestZooKeeper zk = TestZooKeeper.start()) {
      CuratorFramework reader = zk.client("default");
      AgentCommandLine cl = AgentCommandLine.parse(List.of("-n", "agg", "-f", conf.toString(),
          "--no-reload-conf", "--register-tier", "hot", "--member-id", "agg-1",
          "--cluster", "c9"), Map.of("SLUICE_ZK", zk.connectString()));
      SluiceMain.Started started = SluiceMain.startAgent(cl, Map.of(), err);
      assertNotNull(started.running(), errBytes.toString(StandardCharsets.UTF_8));
      String node = "/sluice/c9/tiers/hot/members/agg-1";
      try {
        Awaitility.await().atMost(Duration.ofSeconds(10))
            .until(() -> reader.checkExists().forPath(node) != null);
        String json = new String(reader.getData().forPath(node), StandardCharsets.UTF_8);
        assertTrue(json.contains("\"host\":\"127.0.0.1\""), json);
      } finally {
        started.running().close();
      }
      assertNull(reader.checkExists().forPath(node), "deregistered by the stop");
    }
  }

  @Test
  void anAgentWithoutAnAvroSourceCannotRegister() throws Exception {
    Path conf = Files.writeString(tmp.resolve("seq.properties"), AGGREGATOR
        .replace("agg.sources.r1.type = avro", "agg.sources.r1.type = seq")
        .replace("agg.sources.r1.bind = 127.0.0.1\n", "")
        .replace("agg.sources.r1.port = 0\n", ""));
    AgentCommandLine cl = AgentCommandLine.parse(List.of("-n", "agg", "-f", conf.toString(),
        "--no-reload-conf", "--register-tier", "hot", "--zk", "127.0.0.1:1"), Map.of());
    SluiceMain.Started started = SluiceMain.startAgent(cl, Map.of(), err);
    assertNull(started.running());
    assertEquals(ExitCode.USAGE, started.code());
    String text = errBytes.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("cannot register agent 'agg' in tier 'hot'")
        && text.contains("no avro source"), text);
  }

  @Test
  void usageErrorsExitWithTwo() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int code = SluiceMain.run(List.of("agent", "-n", "agg", "-f", "x", "--advertise-host", "h"),
        new PrintStream(out), err, Map.of());
    assertEquals(ExitCode.USAGE, code);
    String text = errBytes.toString(StandardCharsets.UTF_8);
    assertTrue(text.contains("--advertise-host only applies with --register-tier"), text);
    assertTrue(text.contains("--register-tier TIER"), "usage printed: " + text);
  }
}
