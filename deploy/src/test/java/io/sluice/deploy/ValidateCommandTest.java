package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.core.config.ConfigMode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.net.URI;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code sluice validate}: exit status and the exact, greppable lines it prints. */
class ValidateCommandTest {
  /** A minimal valid agent {@code a1}: seq source, memory channel, null sink. */
  static final String GOOD = """
      a1.sources = r1
      a1.channels = c1
      a1.sinks = k1
      a1.sources.r1.type = seq
      a1.sources.r1.channels = c1
      a1.channels.c1.type = memory
      a1.sinks.k1.type = null
      a1.sinks.k1.channel = c1
      """;
  private static final String TYPO = GOOD.replace("a1.", "a2.")
      .replace("a2.channels.c1.type = memory", "a2.channels.c1.type = memory\n"
          + "a2.channels.c1.capcity = 10");

  @TempDir Path tmp;
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(String... args) {
    return SluiceMain.run(List.of(args), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8), Map.of());
  }

  private List<String> lines() {
    return out.toString(StandardCharsets.UTF_8).lines().toList();
  }

  @Test
  void everyAgentOfTheFileIsCheckedAndOneFailingMakesTheExitStatusThree() throws Exception {
    Path f = Files.writeString(tmp.resolve("flume.conf"), GOOD + TYPO);
    assertEquals(ExitCode.BAD_CONFIG, run("validate", "-f", f.toString()));
    assertEquals(List.of(
        "a1: ok",
        "a2: error: a2.channels.c1.capcity: unknown key (did you mean 'capacity'?)",
        "a2: invalid (1 problem)",
        "validated 2 agent(s): 1 ok, 1 invalid"), lines());
  }

  @Test
  void compatModeShowsWhatIsToleratedAndWhatWouldRun() throws Exception {
    Path f = Files.writeString(tmp.resolve("flume.conf"), GOOD + TYPO);
    assertEquals(ExitCode.OK, run("validate", "-f", f.toString(), "--compat", "flume"));
    assertEquals(List.of(
        "a1: runs: sources=r1 channels=c1 sinks=k1 sinkgroups=-",
        "a1: ok (compat flume: 0 tolerated, 0 dropped)",
        "a2: tolerated: a2.channels.c1.capcity: unknown key (did you mean 'capacity'?); ignored",
        "a2: runs: sources=r1 channels=c1 sinks=k1 sinkgroups=-",
        "a2: ok (compat flume: 1 tolerated, 0 dropped)",
        "validated 2 agent(s): 2 ok, 0 invalid"), lines());
  }

  @Test
  void namedAgentsOnlyAndAMissingOneIsAnError() throws Exception {
    Path f = Files.writeString(tmp.resolve("flume.conf"), GOOD + TYPO);
    assertEquals(ExitCode.OK, run("validate", "-f", f.toString(), "-n", "a1"));
    assertEquals(List.of("a1: ok", "validated 1 agent(s): 1 ok, 0 invalid"), lines());
    out.reset();
    assertEquals(ExitCode.BAD_CONFIG, run("validate", "-f", f.toString(), "-n", "a1", "-n",
        "a9"));
    assertEquals(List.of("a1: ok",
        "a9: error: a9: no configuration for agent 'a9' (agents in this file: a1, a2)",
        "a9: invalid (1 problem)", "validated 2 agent(s): 1 ok, 1 invalid"), lines());
  }

  @Test
  void usageMistakesAndUnreadableFiles() {
    assertEquals(ExitCode.USAGE, run("validate"));
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("give --conf-file FILE"));
    assertEquals(ExitCode.USAGE, run("validate", "-f", "x", "--compat", "flume2"));
    assertEquals(ExitCode.BAD_CONFIG, run("validate", "-f",
        tmp.resolve("absent.conf").toString()));
    assertTrue(lines().get(0).startsWith("cannot read "), lines().toString());
  }

  @Test
  void agentTakesCompatAndConfUriOptions() {
    AgentCommandLine cl = AgentCommandLine.parse(List.of("-n", "a1", "-u",
        "http://cfg.example/a1.properties", "--conf-user", "ops", "--conf-password", "pw",
        "--compat", "flume"));
    assertEquals(ConfigMode.FLUME, cl.mode());
    assertEquals(List.of(URI.create("http://cfg.example/a1.properties")), cl.confUris());
    assertEquals("ops", cl.confCredentials().orElseThrow().user());
    assertEquals(ConfigMode.STRICT, AgentCommandLine.parse(List.of("-n", "a1", "-f", "x"))
        .mode());
    for (List<String> bad : List.of(
        List.of("-n", "a1", "-u", "http://h/x", "--conf-user", "ops"),
        List.of("-n", "a1", "-f", "x", "--conf-user", "ops", "--conf-password", "pw"),
        List.of("-n", "a1", "-u", "not a uri"),
        List.of("-n", "a1", "-f", "x", "--compat", "lenient"))) {
      try {
        AgentCommandLine.parse(bad);
        throw new AssertionError("accepted " + bad);
      } catch (AgentCommandLine.UsageException expected) {
        assertTrue(expected.getMessage() != null);
      }
    }
  }

  @Test
  void agentInCompatModeStartsWhatStrictRefuses() throws Exception {
    Path f = Files.writeString(tmp.resolve("flume.conf"), TYPO);
    assertEquals(ExitCode.BAD_CONFIG, SluiceMain.startAgent(AgentCommandLine.parse(List.of(
        "-n", "a2", "-f", f.toString(), "--no-reload-conf")), Map.of(),
        new PrintStream(err, true, StandardCharsets.UTF_8)).code());
    assertTrue(err.toString(StandardCharsets.UTF_8).contains("a2.channels.c1.capcity"));
    SluiceMain.Started started = SluiceMain.startAgent(AgentCommandLine.parse(List.of(
        "-n", "a2", "-f", f.toString(), "--no-reload-conf", "--compat", "flume",
        "--shutdown-grace", "0")), Map.of(), new PrintStream(err, true, StandardCharsets.UTF_8));
    assertEquals(ExitCode.OK, started.code());
    started.running().close();
  }
}
