package io.sluice.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.it.flume.FlumeAgentProcess;
import io.sluice.it.flume.UnpackedDistribution;
import io.sluice.it.flume.UnpackedDistribution.Result;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.jar.JarOutputStream;
import java.util.zip.ZipEntry;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bin/flume-ng} of the unpacked distribution, the way Apache Flume's own black-box tests
 * ({@code flume-ng-tests}, {@code StagedInstall}) run Flume: {@code flume-ng agent --conf DIR
 * --conf-file FILE --name a1}, fed by {@code flume-ng avro-client}.
 */
class FlumeNgIT {
  private static final Duration DEADLINE = Duration.ofSeconds(90);

  @TempDir Path tmp;
  private UnpackedDistribution dist;
  private Path home;

  @BeforeEach
  void unpack() throws Exception {
    dist = UnpackedDistribution.unpack(tmp);
    home = dist.home();
  }

  private ProcessBuilder flumeNg(Map<String, String> env, String... args) {
    return dist.flumeNg(env, args);
  }

  private Result run(Map<String, String> env, String... args) throws Exception {
    return dist.run(env, args);
  }

  private Result run(String... args) throws Exception {
    return run(Map.of(), args);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  private static String path(Path p) {
    return p.toString().replace("\\", "/");
  }

  /** An avro source → file channel → file_roll agent, Flume's flume-ng-tests style. */
  private String avroToFileRoll(int port) {
    return avroToFileRoll(port, "${sys:it.out.dir}");
  }

  /** As {@link #avroToFileRoll(int)}, the sink's directory given as written in the config. */
  private String avroToFileRoll(int port, String directory) {
    return """
        a1.sources = r1
        a1.channels = c1
        a1.sinks = k1
        a1.sources.r1.type = avro
        a1.sources.r1.bind = 127.0.0.1
        a1.sources.r1.port = %d
        a1.sources.r1.channels = c1
        a1.channels.c1.type = file
        a1.channels.c1.checkpointDir = %s
        a1.channels.c1.dataDirs = %s
        a1.sinks.k1.type = file_roll
        a1.sinks.k1.channel = c1
        a1.sinks.k1.sink.directory = %s
        a1.sinks.k1.sink.rollInterval = 0
        """.formatted(port, path(tmp.resolve("checkpoint")), path(tmp.resolve("data")), directory);
  }

  @Test
  void agentFromTheTarballTakesWhatAvroClientSendsLineForLine() throws Exception {
    int port = freePort();
    Path out = tmp.resolve("out");
    Path logs = tmp.resolve("logs");
    Path conf = Files.createDirectories(tmp.resolve("conf"));
    // flume-env.sh as Flume's launcher sources it: JAVA_OPTS carries the -D the config reads.
    Files.writeString(conf.resolve("flume-env.sh"), """
        JAVA_OPTS="$JAVA_OPTS -Xmx256m -Dit.out.dir=%s"
        FLUME_CLASSPATH=%s
        """.formatted(path(out), path(tmp.resolve("extra"))));
    Files.copy(home.resolve("conf/log4j2.xml"), conf.resolve("log4j2.xml"));
    Path confFile = Files.writeString(conf.resolve("flume.conf"), avroToFileRoll(port));
    Path agentLog = tmp.resolve("agent.out");
    Process agent = flumeNg(Map.of(), "agent", "--conf", conf.toString(), "--conf-file",
        confFile.toString(), "--name", "a1", "-Dflume.root.logger=INFO,LOGFILE",
        "-Dflume.log.dir=" + logs).redirectErrorStream(true).redirectOutput(agentLog.toFile())
        .start();
    try {
      Path flumeLog = logs.resolve("flume.log");
      await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> {
        assertTrue(agent.isAlive(), () -> "agent died: " + read(agentLog) + read(flumeLog));
        return read(flumeLog).contains("Agent a1 started");
      });

      List<String> lines = new ArrayList<>();
      for (int i = 0; i < 1234; i++) {
        lines.add("event " + i + " \u00e9\u00e8");
      }
      Path input = Files.write(tmp.resolve("input.txt"), lines, StandardCharsets.UTF_8);
      Path headers = Files.writeString(tmp.resolve("headers.properties"), "origin=it\n");
      Result sent = run("avro-client", "--conf", conf.toString(), "-H", "127.0.0.1", "-p",
          Integer.toString(port), "-F", input.toString(), "-R", headers.toString());
      assertEquals(0, sent.code(), sent.output());
      await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200))
          .until(() -> landed(out).size() >= lines.size());
      assertEquals(lines, landed(out), "line for line, in order");

      agent.destroy(); // SIGTERM: the file channel is drained into the sink, then it stops
      assertTrue(agent.waitFor(60, TimeUnit.SECONDS), "agent did not stop on SIGTERM");
      assertTrue(read(flumeLog).contains("Agent a1 stopped"), read(flumeLog));

      // The agent is gone: the client fails with one line naming the address.
      Result refused = run("avro-client", "-H", "127.0.0.1", "-p", Integer.toString(port), "-F",
          input.toString());
      assertNotEquals(0, refused.code(), refused.output());
      assertTrue(refused.output().contains("avro-client: cannot send events to 127.0.0.1:" + port),
          refused.output());
    } finally {
      agent.destroyForcibly();
    }
  }

  /**
   * Flume's TestConfig and TestRpcClientCommunicationFailure, from the tarball: values substituted
   * from the environment, an edited config file picked up by the running agent (a moved port and
   * sink directory), then the agent killed (SIGKILL) and the client failing with a clear error.
   * {@code -i 1} polls the file every second instead of every 30 s (Flume's fixed interval).
   */
  @Test
  void substitutedConfigIsReloadedLiveAndAClientOfAKilledAgentFails() throws Exception {
    int port1 = freePort();
    int port2 = freePort();
    Path dir1 = tmp.resolve("out-1");
    Path dir2 = tmp.resolve("out-2");
    Map<String, String> env = Map.of("ROLL_DIR_1", path(dir1), "ROLL_DIR_2", path(dir2));
    Path conf = Files.createDirectories(tmp.resolve("conf"));
    Files.copy(home.resolve("conf/log4j2.xml"), conf.resolve("log4j2.xml"));
    Path confFile = Files.writeString(conf.resolve("flume.conf"),
        avroToFileRoll(port1, "${env:ROLL_DIR_1}"));
    Path agentLog = tmp.resolve("agent.out");
    Process agent = flumeNg(env, "agent", "--conf", conf.toString(), "--conf-file",
        confFile.toString(), "--name", "a1", "-i", "1", "-Dflume.root.logger=INFO,console")
        .redirectErrorStream(true).redirectOutput(agentLog.toFile()).start();
    try {
      await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200)).until(() -> {
        assertTrue(agent.isAlive(), () -> "agent died: " + read(agentLog));
        return read(agentLog).contains("Agent a1 started");
      });
      List<String> first = List.of("before reload 1", "before reload 2");
      Path input1 = Files.write(tmp.resolve("input-1.txt"), first, StandardCharsets.UTF_8);
      Result sent = run("avro-client", "-H", "127.0.0.1", "-p", Integer.toString(port1), "-F",
          input1.toString());
      assertEquals(0, sent.code(), sent.output());
      await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200))
          .until(() -> landed(dir1).size() >= first.size());
      assertEquals(first, landed(dir1), "the directory substituted from the environment");

      // Edit the file as an operator does: the source moves to another port, the sink to the
      // other directory. The running agent restarts both (the file channel stays).
      Files.writeString(confFile, avroToFileRoll(port2, "${env:ROLL_DIR_2}"));
      List<String> second = List.of("after reload 1", "after reload 2", "after reload 3");
      Path input2 = Files.write(tmp.resolve("input-2.txt"), second, StandardCharsets.UTF_8);
      // The new source starts after the new sink, so what it takes lands in the new directory.
      await().atMost(DEADLINE).pollInterval(Duration.ofMillis(500)).until(() -> {
        assertTrue(agent.isAlive(), () -> "agent died: " + read(agentLog));
        return run("avro-client", "-H", "127.0.0.1", "-p", Integer.toString(port2), "-F",
            input2.toString()).code() == 0;
      });
      await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200))
          .until(() -> landed(dir2).size() >= second.size());
      assertEquals(second, landed(dir2));
      assertEquals(first, landed(dir1), "nothing more in the old directory");
      assertTrue(read(agentLog).contains("Agent a1 reloading"), read(agentLog));
      Result oldPort = run("avro-client", "-H", "127.0.0.1", "-p", Integer.toString(port1), "-F",
          input1.toString());
      assertNotEquals(0, oldPort.code(), "the old source is gone: " + oldPort.output());

      agent.destroyForcibly(); // SIGKILL
      assertTrue(agent.waitFor(30, TimeUnit.SECONDS), "agent survived SIGKILL");
      Result refused = run("avro-client", "-H", "127.0.0.1", "-p", Integer.toString(port2), "-F",
          input2.toString());
      assertNotEquals(0, refused.code(), refused.output());
      assertTrue(refused.output().contains("avro-client: cannot send events to 127.0.0.1:"
          + port2), refused.output());
    } finally {
      agent.destroyForcibly();
    }
  }

  @Test
  void dryrunShowsTheClasspathTheJvmOptionsAndTheCommand() throws Exception {
    Path conf = Files.createDirectories(tmp.resolve("conf"));
    Files.writeString(conf.resolve("flume-env.sh"), """
        # as written for Flume: unset variables are read, and JAVA_HOME may be set here
        JAVA_OPTS="$JAVA_OPTS -Xms32m -Dfrom.env=yes $UNSET_VARIABLE"
        FLUME_CLASSPATH="/env/classes"
        """);
    Path plugins1 = tmp.resolve("plugins1");
    Path plugins2 = tmp.resolve("plugins2");
    Path interceptorJar = jar(Files.createDirectories(plugins1.resolve("my-interceptor/lib"))
        .resolve("my-interceptor.jar"));
    Files.createDirectories(plugins1.resolve("my-interceptor/libext"));
    Files.createDirectories(plugins2.resolve("native-codec/native"));
    Path hadoopConf = Files.createDirectories(tmp.resolve("hadoop-conf"));
    Path hbaseConf = Files.createDirectories(tmp.resolve("hbase-conf"));
    Files.writeString(tmp.resolve("x.conf"), TYPO_CONF);
    Result r = run(Map.of("HADOOP_CONF_DIR", hadoopConf.toString(), "HBASE_CONF_DIR",
            hbaseConf.toString()), "agent", "-c", conf.toString(), "-f", "x.conf", "-n", "a1",
        "--dryrun", "-C", "/cli/classes", "--plugins-path", plugins1 + ":" + plugins2,
        "-Dcli.prop=1", "-XX:+UseG1GC");
    assertEquals(0, r.code(), r.output());
    // After the command, the config is loaded as the agent would load it, nothing started.
    assertTrue(r.output().contains("a1: tolerated: a1.channels.c1.capcity: unknown key"),
        r.output());
    assertTrue(r.output().contains("validated 1 agent(s): 1 ok, 0 invalid"), r.output());
    String commandLine = r.output().lines().filter(l -> l.contains("io.sluice.deploy.SluiceMain"))
        .findFirst().orElseThrow(() -> new AssertionError(r.output()));
    List<String> words = Arrays.stream(commandLine.trim().split(" "))
        .map(w -> w.replace("\\", "")).toList();
    assertEquals(System.getProperty("java.home") + "/bin/java", words.get(0));
    List<String> classpath = List.of(words.get(words.indexOf("-cp") + 1).split(":"));
    assertEquals(List.of(conf.toString(), home + "/lib/*", "/cli/classes", "/env/classes",
        plugins1 + "/my-interceptor/lib/*", plugins1 + "/my-interceptor/libext/*",
        hadoopConf.toString(), hbaseConf.toString()), classpath);
    assertTrue(Files.isRegularFile(interceptorJar));
    assertTrue(words.contains("-Djava.library.path=" + plugins2 + "/native-codec/native"), commandLine);
    List<String> jvm = words.subList(1, words.indexOf("-cp"));
    assertEquals(List.of("-Dlog4j2.configurationFile=" + home + "/conf/log4j2.xml", "-Xms32m",
        "-Dfrom.env=yes", "-Dcli.prop=1", "-XX:+UseG1GC",
        "-Djava.library.path=" + plugins2 + "/native-codec/native",
        // The user's plugin jars again, for the Flume adapter's isolated class loader (flume-compat).
        "-Dsluice.flume.plugin.classpath=" + plugins1 + "/my-interceptor/lib/*:" + plugins1
            + "/my-interceptor/libext/*:/cli/classes:/env/classes",
        // The conf directory again, where the HDFS sink reads core-site.xml and hdfs-site.xml.
        "-Dsluice.conf.dir=" + conf), jvm);
    assertEquals(List.of("io.sluice.deploy.SluiceMain", "agent", "-f", "x.conf", "-n", "a1",
        "--compat", "flume"), words.subList(words.indexOf("-cp") + 2, words.size()));

    // The conf directory's own log4j2.xml wins over the distribution's.
    Files.writeString(conf.resolve("log4j2.xml"), "<Configuration/>");
    Result own = run("version", "--conf", conf.toString(), "--dryrun");
    assertTrue(own.output().contains("-Dlog4j2.configurationFile=" + conf + "/log4j2.xml"),
        own.output());
  }

  /** A config Flume runs and strict mode refuses: a typo'd channel key. */
  private static final String TYPO_CONF = NetcatAgentConfig.of(44444,
      Map.of("type", "memory", "capcity", "10"), Map.of("type", "null"));

  @Test
  void dryrunOfAnAgentWithABrokenConfigFailsNamingTheKey() throws Exception {
    // Flume refuses it too: its only channel is invalid, so nothing is left to run.
    Files.writeString(tmp.resolve("bad.conf"), TYPO_CONF.replace("type = memory", "type = memry"));
    Result r = run("agent", "-f", "bad.conf", "-n", "a1", "--dryrun");
    assertEquals(3, r.code(), r.output());
    assertTrue(r.output().contains("a1: error: a1.channels.c1.type: unknown channel type 'memry'"),
        r.output());
    assertTrue(r.output().contains("validated 1 agent(s): 0 ok, 1 invalid"), r.output());
  }

  /** bin/sluice builds its classpath as flume-ng does, but keeps -c for the agent and is strict. */
  @Test
  void sluiceLauncherPutsTheConfDirFirstAndHadoopConfDirOnTheClasspath() throws Exception {
    Path conf = Files.createDirectories(tmp.resolve("conf"));
    Files.writeString(conf.resolve("flume-env.sh"), "FLUME_CLASSPATH=/env/classes\n");
    Path hadoopConf = Files.createDirectories(tmp.resolve("hadoop-conf"));
    Result r = dist.run("sluice", Map.of("HADOOP_CONF_DIR", hadoopConf.toString()), "agent",
        "-c", conf.toString(), "-f", "x.conf", "-n", "a1", "--dryrun");
    assertEquals(0, r.code(), r.output());
    String commandLine = r.output().lines().filter(l -> l.contains("io.sluice.deploy.SluiceMain"))
        .findFirst().orElseThrow(() -> new AssertionError(r.output()));
    List<String> words = Arrays.stream(commandLine.trim().split(" "))
        .map(w -> w.replace("\\", "")).toList();
    assertEquals(List.of(conf.toString(), home + "/lib/*", "/env/classes", hadoopConf.toString()),
        List.of(words.get(words.indexOf("-cp") + 1).split(":")));
    assertTrue(words.contains("-Dsluice.conf.dir=" + conf), commandLine);
    assertEquals(List.of("io.sluice.deploy.SluiceMain", "agent", "-c", conf.toString(), "-f",
        "x.conf", "-n", "a1"), words.subList(words.indexOf("-cp") + 2, words.size()));
  }

  @Test
  void jvmGetsThePluginJarsOfFlumeHomePluginsD() throws Exception {
    // $FLUME_HOME/plugins.d is the default plugins path. -XshowSettings:properties makes the JVM
    // print its java.class.path (wildcards expanded) before running the command.
    Path flumeHome = tmp.resolve("flume-home");
    Path jar = jar(Files.createDirectories(flumeHome.resolve("plugins.d/p/lib")).resolve("p.jar"));
    Result r = run(Map.of("FLUME_HOME", flumeHome.toString()), "version",
        "-XshowSettings:properties");
    assertEquals(0, r.code(), r.output());
    assertTrue(r.output().contains("java.class.path"), r.output());
    assertTrue(r.output().contains(jar.toString()), r.output());
    assertTrue(r.output().contains("Compatible with Apache Flume"), r.output());
  }

  @Test
  void versionHelpAndMistakes() throws Exception {
    Result version = run("version");
    assertEquals(0, version.code(), version.output());
    assertTrue(version.output().contains("Sluice "), version.output());
    assertTrue(version.output().contains("Compatible with Apache Flume 1.11.0"),
        version.output());

    Result help = run("help");
    assertEquals(0, help.code());
    for (String option : List.of("agent", "avro-client", "--conf-file", "--conf-uri",
        "--zkConnString", "--no-reload-conf", "--plugins-path", "--dryrun", "--headerFile",
        "--dirname")) {
      assertTrue(help.output().contains(option), option + " in\n" + help.output());
    }
    Result unknown = run("frobnicate");
    assertEquals(1, unknown.code());
    assertTrue(unknown.output().contains("Unknown or unspecified command 'frobnicate'"),
        unknown.output());
    Result noName = run("agent", "-c", tmp.toString(), "-f", "x.conf");
    assertNotEquals(0, noName.code());
    assertTrue(noName.output().contains("--name"), noName.output());
  }

  @Test
  void avroClientSendsToARealFlumeAgentLineForLine() throws Exception {
    int port = freePort();
    Path out = Files.createDirectories(tmp.resolve("flume-out"));
    String conf = """
        a1.sources = r1
        a1.channels = c1
        a1.sinks = k1
        a1.sources.r1.type = avro
        a1.sources.r1.bind = 127.0.0.1
        a1.sources.r1.port = %d
        a1.sources.r1.channels = c1
        a1.channels.c1.type = memory
        a1.channels.c1.capacity = 10000
        a1.sinks.k1.type = file_roll
        a1.sinks.k1.channel = c1
        a1.sinks.k1.sink.directory = %s
        a1.sinks.k1.sink.rollInterval = 0
        """.formatted(port, path(out));
    List<String> lines = new ArrayList<>();
    for (int i = 0; i < 777; i++) {
      lines.add("to flume " + i);
    }
    Path input = Files.write(tmp.resolve("input.txt"), lines, StandardCharsets.UTF_8);
    try (FlumeAgentProcess flume = FlumeAgentProcess.start(tmp.resolve("flume"), conf, DEADLINE,
        "Component type: SOURCE, name: r1 started")) {
      Result sent = run("avro-client", "-H", "127.0.0.1", "-p", Integer.toString(port), "-F",
          input.toString());
      assertEquals(0, sent.code(), sent.output());
      await().atMost(DEADLINE).pollInterval(Duration.ofMillis(200))
          .until(() -> landed(out).size() >= lines.size());
      assertEquals(lines, landed(out));
    }
  }

  /** A tiny jar (one resource), as a plugin's would be. */
  private static Path jar(Path file) throws IOException {
    try (JarOutputStream jar = new JarOutputStream(Files.newOutputStream(file))) {
      jar.putNextEntry(new ZipEntry("it-plugin.properties"));
      jar.write("plugin=yes\n".getBytes(StandardCharsets.UTF_8));
      jar.closeEntry();
    }
    return file;
  }

  private static List<String> landed(Path dir) throws IOException {
    return Files.isDirectory(dir) ? AgentProcessShutdownIT.landed(dir) : List.of();
  }

  private static String read(Path file) {
    try {
      return Files.exists(file) ? Files.readString(file) : "";
    } catch (IOException e) {
      return e.toString();
    }
  }
}
