package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.coordination.ZkClientFactory;
import io.sluice.core.agent.AgentOptions;
import io.sluice.testsupport.TestZooKeeper;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.curator.framework.CuratorFramework;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Whoever may write an agent's config node in ZooKeeper must not read the agent host's environment,
 * system properties or files through it, nor run commands there: {@code ${env:..}},
 * {@code ${sys:..}} and config filters are refused in such a config, naming the key, unless the
 * agent's own operator lists them in {@code $SLUICE_ZK_CONFIG_ALLOW}.
 */
class ZkAgentReferencesTest {
  private static final String SYS = "${sys:java.specification.version}";
  private static final String READS_A_PROPERTY = ValidateCommandTest.GOOD
      + "a1.channels.c1.capacity = " + SYS + "0\n";

  private static TestZooKeeper zk;
  private static CuratorFramework client;
  private static int configs;

  @TempDir Path tmp;

  @BeforeAll
  static void startZooKeeper() throws Exception {
    zk = TestZooKeeper.start();
    client = new ZkClientFactory(zk.settings("g"))
        .startConnected(Duration.ofSeconds(10));
  }

  @AfterAll
  static void stopZooKeeper() throws Exception {
    client.close();
    zk.close();
  }

  @Test
  void aSystemPropertyReferenceIsRefusedNamingTheKey() throws Exception {
    Run run = start(READS_A_PROPERTY, Map.of());
    assertEquals(ExitCode.BAD_CONFIG, run.code, run.err);
    assertTrue(run.err.contains("a1.channels.c1.capacity: uses '" + SYS + "', refused in the"
        + " config at zookeeper:/"), run.err);
    assertTrue(run.err.contains(ZkAgent.ALLOW_ENV), run.err);
  }

  @Test
  void configFiltersRunNothingInEitherMode() throws Exception {
    Path ran = tmp.resolve("ran");
    String config = ValidateCommandTest.GOOD + """
        a1.configfilters = f
        a1.configfilters.f.type = external
        a1.configfilters.f.command = /bin/touch %s
        a1.channels.c1.keep-alive = ${f['x']}
        """.formatted(ran);
    for (List<String> mode : List.of(List.<String>of(), List.of("--compat", "flume"))) {
      Run run = start(config, Map.of(), mode);
      assertEquals(ExitCode.BAD_CONFIG, run.code, run.err);
      assertTrue(run.err.contains("a1.configfilters: uses config filters, refused"), run.err);
      assertTrue(run.err.contains("a1.channels.c1.keep-alive: uses config filter reference"
          + " '${f['x']}', refused"), run.err);
      assertFalse(Files.exists(ran), "the filter's command ran");
    }
  }

  @Test
  void whatTheAgentAllowsResolvesAsInFlume() throws Exception {
    Run run = start(READS_A_PROPERTY,
        Map.of(ZkAgent.ALLOW_ENV, "env:NONE, sys:java.specification.version"));
    assertEquals(ExitCode.OK, run.code, run.err);
    run.close();
    assertEquals(ExitCode.OK, start(READS_A_PROPERTY, Map.of(ZkAgent.ALLOW_ENV, "*")).close());
  }

  private Run start(String config, Map<String, String> env) throws Exception {
    return start(config, env, List.of());
  }

  private Run start(String config, Map<String, String> env, List<String> more) throws Exception {
    String base = "/cfg" + (++configs);
    client.create().creatingParentsIfNeeded().forPath(base + "/a1",
        config.getBytes(StandardCharsets.UTF_8));
    List<String> args = new ArrayList<>(List.of("-n", "a1", "-z", zk.connectString(), "-p",
        base, "--no-reload-conf"));
    args.addAll(more);
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    SluiceMain.Started s = ZkAgent.start(AgentCommandLine.parse(args), AgentOptions.defaults(),
        env, new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(s.code(), s.running(), err.toString(StandardCharsets.UTF_8));
  }

  private record Run(int code, AutoCloseable running, String err) {
    int close() throws Exception {
      if (running != null) {
        running.close();
      }
      return code;
    }
  }
}
