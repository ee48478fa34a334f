package io.sluice.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.testsupport.TestZooKeeper;
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
    List<String> names = jars(home.resolve("lib"));
    assertTrue(names.stream().anyMatch(n -> n.startsWith("flume-compat-")), names::toString);
    assertTrue(names.stream().noneMatch(n -> n.startsWith("flume-ng-")), names::toString);
  }

  /**
   * lib/ holds what an agent needs at run time; what only quickstart and drill need is in
   * tools/lib/, which bin/sluice adds for those commands alone (FlumeNgIT checks an agent's
   * classpath is conf, lib/*, then the user's entries).
   */
  @Test
  void libHoldsTheAgentsRuntimeAndToolsLibTheRest() throws Exception {
    Path home = unpack();
    List<String> lib = jars(home.resolve("lib"));
    List<String> tools = jars(home.resolve("tools/lib"));
    for (String banned : List.of("hadoop-minicluster", "mockito", "-tests.jar", "junit",
        "jfreechart", "byte-buddy", "hadoop-hdfs-3", "hadoop-yarn", "hadoop-mapreduce")) {
      assertTrue(lib.stream().noneMatch(n -> n.contains(banned)), banned + " in lib/: " + lib);
    }
    for (String needed : List.of("hadoop-minicluster-", "mockito-core-", "jfreechart-",
        "hadoop-hdfs-3.4.1-tests.jar")) {
      assertTrue(tools.stream().anyMatch(n -> n.startsWith(needed)), needed + ": " + tools);
    }
    assertTrue(lib.stream().noneMatch(tools::contains), "in both: " + lib);
    List<String> back = lib.stream().map(DistributionIT::artifact).filter(TOOLS_ONLY::contains)
        .toList();
    assertEquals(List.of(), back, "tools-only jars back in lib/ (deploy/pom.xml manages them as"
        + " provided)");
    assertTrue(tools.stream().map(DistributionIT::artifact).toList().containsAll(TOOLS_ONLY),
        () -> "tools/lib/: " + tools);

    Process dryrun = sluice(home, "--dryrun", "quickstart").redirectErrorStream(true).start();
    String command = new String(dryrun.getInputStream().readAllBytes());
    assertEquals(0, dryrun.waitFor(), command);
    assertTrue(command.contains(home + "/lib/\\*:" + home + "/tools/lib/\\*"), command);

    // Without tools/lib/ a tool says what is missing instead of dying on a NoClassDefFoundError.
    Process bare = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java")
        .toString(), "-cp", home.resolve("lib") + "/*", "io.sluice.deploy.SluiceMain",
        "quickstart", "--help").redirectErrorStream(true).start();
    String out = new String(bare.getInputStream().readAllBytes());
    assertEquals(1, bare.waitFor(), out);
    assertTrue(out.contains("sluice quickstart: org.apache.hadoop.hdfs.MiniDFSCluster is not on the"
        + " classpath"), out);
  }

  /** The ZooKeeper commands also run from lib/ alone (bin/sluice adds tools/lib/ to no other). */
  @Test
  void zooKeeperCommandsRunFromLibAlone() throws Exception {
    Path home = unpack();
    try (TestZooKeeper zk = TestZooKeeper.start()) {
      String pushed = runToEnd(sluice(home, "config", "push", "a1", "conf/example.properties",
          "--zk", zk.connectString()));
      assertTrue(pushed.contains("wrote the config of agent 'a1'"), pushed);
      String members = runToEnd(sluice(home, "members", "--tier", "aggs", "--zk",
          zk.connectString()));
      assertTrue(members.contains("aggs: 0 member(s)"), members);
    }
  }

  /** The output of a command that must exit 0 within 60 s. */
  private static String runToEnd(ProcessBuilder pb) throws Exception {
    Process p = pb.redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes());
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    assertEquals(0, p.exitValue(), out);
    return out;
  }

  /**
   * Artifacts only Hadoop's server side loads (its web server, jersey resources, JWT and SSH
   * fencing, SFTP, ZooKeeper's admin server and metrics): MiniDFSCluster needs them, no agent does
   * (HadoopConfDirIT runs the HDFS sink from lib/ alone, plain, HA and Kerberized).
   */
  private static final List<String> TOOLS_ONLY = List.of("jetty-server", "jetty-util",
      "jetty-http", "jetty-io", "jetty-servlet", "jetty-security", "jetty-webapp", "jetty-xml",
      "jetty-util-ajax", "jersey-core", "jersey-server", "jersey-servlet", "jersey-json",
      "jettison", "jaxb-impl", "jaxb-api", "jakarta.activation-api", "jsp-api", "jsch",
      "nimbus-jose-jwt", "jcip-annotations", "metrics-core");

  /** A jar's artifact name: its file name up to the version ({@code jetty-io-9.4.53.v2023.jar}). */
  static String artifact(String jar) {
    return jar.replaceFirst("-\\d.*$", "");
  }

  private static List<String> jars(Path dir) throws IOException {
    try (var files = Files.list(dir)) {
      return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".jar")).sorted()
          .toList();
    }
  }

  /** bin/sluice agent: conf/ and lib/ alone on the classpath. */
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
