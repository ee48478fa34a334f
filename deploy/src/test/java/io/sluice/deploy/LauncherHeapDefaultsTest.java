package io.sluice.deploy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * bin/sluice's young generation for an agent's memory channels: the java command it prints with
 * {@code --dryrun}, with and without the operator's heap options. The launcher runs from a copy
 * laid out as a distribution (an empty lib/), so it neither builds nor starts a JVM.
 */
class LauncherHeapDefaultsTest {
  private static final String FULL_CHANNEL = """
      a1.sources = r1
      a1.channels = c1
      a1.sinks = k1
      a1.channels.c1.type = memory
      a1.channels.c1.capacity = 100000
      a2.channels.c9.type = memory
      a2.channels.c9.capacity = 900000
      """;

  @TempDir
  Path home;

  private record Run(String command, String stderr) {}

  @BeforeEach
  void distribution() throws IOException {
    Files.createDirectories(home.resolve("bin"));
    Files.createDirectories(home.resolve("lib"));
    Files.createDirectories(home.resolve("conf"));
    for (String script : List.of("sluice", "sluice-launcher.sh")) {
      Path copy = Files.copy(Path.of("..", "bin", script), home.resolve("bin").resolve(script));
      copy.toFile().setExecutable(true);
    }
  }

  @Test
  void aFullMemoryChannelGetsAYoungGenerationOfFiveKibPerEventAndTheLauncherSaysSo() throws Exception {
    Run r = dryrun(Map.of(), FULL_CHANNEL);
    // 100,000 events x 5 KiB = 488.3 MiB, rounded up; agent a2's channel is not a1's
    long youngMib = Math.min(489, memoryMib() / 8);
    String heap = "-Xmn" + youngMib + "m -Xms" + Math.min(2 * youngMib, memoryMib() / 4) + "m";
    assertTrue(r.command().contains(" " + heap + " "), r.command());
    assertTrue(r.stderr().contains(heap + ": young generation for 100000 memory-channel events, initial heap twice it"),
        r.stderr());
  }

  @Test
  void theInitialHeapIsTwiceTheYoungGenerationAtMostAQuarterOfTheMemory() throws Exception {
    // 5,000,000 x 5 KiB = 24,414.1 MiB: past an eighth of any host of less than 190 GiB
    Run r = dryrun(Map.of(), FULL_CHANNEL.replace("100000", "5000000"));
    long youngMib = Math.min(24415, memoryMib() / 8);
    long initialMib = Math.min(2 * youngMib, memoryMib() / 4);
    assertTrue(r.command().contains(" -Xmn" + youngMib + "m -Xms" + initialMib + "m "), r.command());
    assertTrue(initialMib <= memoryMib() / 4 && initialMib >= youngMib, r.command());
  }

  @Test
  void laterConfFilesWinAndOtherChannelTypesDoNotCount() throws Exception {
    Path extra = Files.writeString(home.resolve("more.properties"), """
        a1.channels.c1.capacity = 200000
        a1.channels.c2.type = file
        a1.channels.c2.capacity = 5000000
        """);
    Run r = dryrun(Map.of(), FULL_CHANNEL, "-f", extra.toString());
    // 200,000 x 5 KiB = 976.6 MiB, unless an eighth of this machine's memory is less
    long youngMib = Math.min(977, memoryMib() / 8);
    assertTrue(r.command().contains(" -Xmn" + youngMib + "m -Xms" + Math.min(2 * youngMib, memoryMib() / 4) + "m "),
        r.command());
  }

  @Test
  void smallChannelsKeepTheJvmsOwnLayout() throws Exception {
    Run r = dryrun(Map.of(), FULL_CHANNEL.replace("100000", "10000"));
    assertNoYoungGeneration(r);
    assertFalse(r.stderr().contains("young generation"), r.stderr());
  }

  @Test
  void theOperatorsHeapOptionsAlwaysWin() throws Exception {
    for (String opt : List.of("-Xmx2g", "-Xms512m", "-Xmn256m", "-XX:NewRatio=2", "-XX:NewSize=64m",
        "-XX:MaxRAMPercentage=50")) {
      Run fromEnv = dryrun(Map.of("JAVA_OPTS", "-Dx=y " + opt), FULL_CHANNEL);
      assertNoYoungGeneration(fromEnv);
      assertTrue(fromEnv.command().contains(" " + opt + " "), fromEnv.command());
      Run fromArgs = dryrun(Map.of(), FULL_CHANNEL, opt);
      assertNoYoungGeneration(fromArgs);
      assertTrue(fromArgs.command().contains(" " + opt + " "), fromArgs.command());
    }
  }

  @Test
  void flumeEnvShsJavaOptsCountAsTheOperators() throws Exception {
    Files.writeString(home.resolve("conf").resolve("flume-env.sh"), "export JAVA_OPTS=\"-Xms100m -Xmx2000m\"\n");
    Run r = dryrun(Map.of(), FULL_CHANNEL, "-c", home.resolve("conf").toString());
    assertNoYoungGeneration(r);
    assertTrue(r.command().contains(" -Xmx2000m "), r.command());
  }

  /** What the launcher caps by: the host's memory or the cgroup's limit, whichever is less, in MiB. */
  private static long memoryMib() throws IOException {
    long kib = Files.readAllLines(Path.of("/proc/meminfo")).stream().filter(l -> l.startsWith("MemTotal:"))
        .map(l -> Long.parseLong(l.replaceAll("\\D", ""))).findFirst().orElse(Long.MAX_VALUE / 1024);
    for (String limit : List.of("/sys/fs/cgroup/memory.max", "/sys/fs/cgroup/memory/memory.limit_in_bytes")) {
      Path file = Path.of(limit);
      if (Files.isReadable(file)) {
        String value = Files.readString(file).strip();
        if (value.matches("\\d+")) {
          kib = Math.min(kib, Long.parseLong(value) / 1024);
        }
        break;
      }
    }
    return kib / 1024;
  }

  private static void assertNoYoungGeneration(Run r) {
    assertFalse(r.stderr().contains("young generation for"), r.stderr());
    assertFalse(r.command().contains(" -Xmn489m ") || r.command().contains(" -Xmn49m "), r.command());
    assertFalse(r.command().contains(" -Xms978m "), r.command());
  }

  /** bin/sluice agent -n a1 -f CONF [extra...] --dryrun: the printed java command and stderr. */
  private Run dryrun(Map<String, String> env, String conf, String... extra) throws Exception {
    Path file = Files.writeString(home.resolve("agent.properties"), conf);
    List<String> command = new ArrayList<>(List.of("bash", home.resolve("bin/sluice").toString(), "agent",
        "-n", "a1", "-f", file.toString()));
    command.addAll(List.of(extra));
    command.add("--dryrun");
    ProcessBuilder pb = new ProcessBuilder(command);
    pb.environment().remove("JAVA_OPTS");
    pb.environment().putAll(env);
    Path err = home.resolve("stderr.txt");
    pb.redirectError(err.toFile());
    Process p = pb.start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    String stderr = Files.readString(err);
    assertEquals(0, p.exitValue(), stderr);
    return new Run(out.strip() + " ", stderr);
  }
}
