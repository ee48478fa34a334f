package io.sluice.it.flume;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The distribution tarball ({@code sluice.dist.tarball}) unpacked in a temporary directory, and
 * its {@code bin/flume-ng} run as Apache Flume's own black-box tests ({@code flume-ng-tests},
 * {@code StagedInstall}) run Flume's: with a clean environment apart from {@code JAVA_HOME}.
 */
public final class UnpackedDistribution {
  private static final List<String> CLEARED = List.of("JAVA_OPTS", "FLUME_CLASSPATH", "FLUME_HOME",
      "HADOOP_CONF_DIR", "HADOOP_HOME", "HADOOP_PREFIX", "HBASE_CONF_DIR", "HBASE_HOME");

  private final Path home;
  private final Path workDir;

  private UnpackedDistribution(Path home, Path workDir) {
    this.home = home;
    this.workDir = workDir;
  }

  /** Unpacks the tarball under {@code workDir}/dist; commands run in {@code workDir}. */
  public static UnpackedDistribution unpack(Path workDir) throws Exception {
    Path tarball = Path.of(System.getProperty("sluice.dist.tarball"));
    assertTrue(Files.isRegularFile(tarball), "no distribution at " + tarball);
    Path dist = Files.createDirectories(workDir.resolve("dist"));
    Process tar = new ProcessBuilder("tar", "xzf", tarball.toString(), "-C", dist.toString())
        .inheritIO().start();
    assertEquals(0, tar.waitFor());
    try (Stream<Path> dirs = Files.list(dist)) {
      return new UnpackedDistribution(dirs.filter(d -> d.getFileName().toString()
          .startsWith("sluice-")).findFirst().orElseThrow(), workDir);
    }
  }

  public Path home() {
    return home;
  }

  /** {@code bin/flume-ng ARGS} with {@code env} added to the clean environment. */
  public ProcessBuilder flumeNg(Map<String, String> env, String... args) {
    return launcher("flume-ng", env, args);
  }

  /** {@code bin/SCRIPT ARGS} ({@code flume-ng}, {@code sluice}) in the clean environment. */
  public ProcessBuilder launcher(String script, Map<String, String> env, String... args) {
    List<String> command = new ArrayList<>(List.of(home.resolve("bin").resolve(script).toString()));
    command.addAll(List.of(args));
    ProcessBuilder pb = new ProcessBuilder(command).directory(workDir.toFile());
    pb.environment().keySet().removeAll(CLEARED);
    pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
    pb.environment().putAll(env);
    return pb;
  }

  /** Runs flume-ng to its end (60 s at most); returns its exit status and output. */
  public Result run(Map<String, String> env, String... args) throws Exception {
    return run("flume-ng", env, args);
  }

  /** Runs {@code bin/SCRIPT} to its end (60 s at most); returns its exit status and output. */
  public Result run(String script, Map<String, String> env, String... args) throws Exception {
    Path log = Files.createTempFile(workDir, script, ".out");
    Process p = launcher(script, env, args).redirectErrorStream(true).redirectOutput(log.toFile())
        .start();
    assertTrue(p.waitFor(60, TimeUnit.SECONDS), script + " " + Arrays.toString(args));
    return new Result(p.exitValue(), Files.readString(log));
  }

  /** A finished flume-ng: exit status and output (stdout and stderr). */
  public record Result(int code, String output) {}
}
