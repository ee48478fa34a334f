package io.sluice.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The tarball as an operator gets it: unpacked anywhere, {@code bin/sluice} runs with only a JDK
 * and the sample config works.
 */
class DistributionIT {
  @TempDir Path tmp;

  private Path unpack() throws Exception {
    Path tarball = Path.of(System.getProperty("sluice.dist.tarball"));
    assertTrue(Files.isRegularFile(tarball), "no distribution at " + tarball);
    Process tar = new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", tmp.toString())
        .inheritIO().start();
    assertEquals(0, tar.waitFor());
    try (var dirs = Files.list(tmp)) {
      return dirs.filter(d -> d.getFileName().toString().startsWith("sluice-")).findFirst()
          .orElseThrow();
    }
  }

  private static ProcessBuilder sluice(Path home, String... args) {
    List<String> command = new java.util.ArrayList<>(List.of(home.resolve("bin/sluice").toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(home.toFile());
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    return pb;
  }

  /** Flume's API jars ship for the Flume-API adapter, but never on the main classpath (lib/*). */
  @Test
  void flumeApiJarsShipBesideButOffTheMainClasspath() throws Exception {
    Path home = unpack();
    assertTrue(Files.isRegularFile(home.resolve("lib/flume-api/flume-ng-core-1.11.0.jar")));
    assertTrue(Files.isRegularFile(home.resolve("lib/flume-api/guava-11.0.2.jar")));
    try (var jars = Files.list(home.resolve("lib"))) {
      List<String> names = jars.map(p -> p.getFileName().toString()).toList();
      assertTrue(names.stream().anyMatch(n -> n.startsWith("flume-compat-")), names::toString);
      assertTrue(names.stream().noneMatch(n -> n.startsWith("flume-ng-")), names::toString);
    }
  }

  @Test
  void unpackedDistributionRunsTheSampleAgent() throws Exception {
    Path home = unpack();
    Process version = sluice(home, "version").redirectErrorStream(true).start();
    String out = new String(version.getInputStream().readAllBytes());
    assertEquals(0, version.waitFor());
    assertTrue(out.startsWith("Sluice "), out);

    Path data = tmp.resolve("data");
    Path log = tmp.resolve("agent.log");
    Process agent = sluice(home, "agent", "-n", "a1", "-f", "conf/example.properties",
        "-Dsluice.data.dir=" + data).redirectErrorStream(true).redirectOutput(log.toFile())
        .start();
    try {
      await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200))
          .until(() -> landed(data) >= 100_000 || !agent.isAlive());
      assertTrue(agent.isAlive(), () -> "agent died: " + read(log));
      agent.destroy();
      assertTrue(agent.waitFor(60, TimeUnit.SECONDS));
      List<String> lines = AgentProcessShutdownIT.landed(data);
      assertEquals(100_000, lines.size());
      assertEquals(100_000, new HashSet<>(lines).size());
    } finally {
      agent.destroyForcibly();
    }
  }

  private static int landed(Path dir) throws IOException {
    return Files.isDirectory(dir) ? AgentProcessShutdownIT.landed(dir).size() : 0;
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
