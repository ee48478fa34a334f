package io.sluice.it.flume;

import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;

/**
 * A real Apache Flume 1.11.0 agent ({@code org.apache.flume.node.Application}) in its own JVM,
 * started from the jars the pom copies into the directory named by the {@code
 * sluice.flume.agent.lib} system property. Its console log goes to {@code agent.log} in the work
 * directory. {@link #close()} stops it (SIGTERM, then kill). Not thread-safe.
 */
public final class FlumeAgentProcess implements AutoCloseable {
  private static final String LOG4J = """
      <Configuration status="warn">
        <Appenders><Console name="out" target="SYSTEM_OUT">
          <PatternLayout pattern="%d{HH:mm:ss.SSS} %p [%t] %c{1} - %m%n"/></Console></Appenders>
        <Loggers><Root level="info"><AppenderRef ref="out"/></Root></Loggers>
      </Configuration>
      """;
  private final Process process;
  private final Path log;

  private FlumeAgentProcess(Process process, Path log) {
    this.process = process;
    this.log = log;
  }

  /** The Flume jars directory. */
  public static Path libDir() {
    Path dir = Path.of(System.getProperty("sluice.flume.agent.lib", "target/flume-agent-lib"));
    if (!Files.isDirectory(dir)) {
      throw new IllegalStateException("Flume agent jars missing in " + dir.toAbsolutePath()
          + " (run the integration-tests build's generate-test-resources phase)");
    }
    return dir;
  }

  /**
   * Starts agent {@code a1} with the given Flume properties and waits until every component named
   * in {@code readyLines} was logged as started.
   */
  public static FlumeAgentProcess start(Path workDir, String properties, Duration timeout,
      String... readyLines) throws IOException {
    return start(workDir, properties, "512m", timeout, readyLines);
  }

  /** As {@link #start(Path, String, Duration, String...)} with the JVM's maximum heap given. */
  public static FlumeAgentProcess start(Path workDir, String properties, String maxHeap,
      Duration timeout, String... readyLines) throws IOException {
    return start(workDir, properties, maxHeap, List.of(), timeout, readyLines);
  }

  /**
   * As {@link #start(Path, String, Duration, String...)} with a user's jars after Flume's on the
   * classpath, as Flume's launcher puts plugins.d and {@code FLUME_CLASSPATH} there.
   */
  public static FlumeAgentProcess startWithJars(Path workDir, String properties, List<Path> jars,
      Duration timeout, String... readyLines) throws IOException {
    return start(workDir, properties, "512m", jars, timeout, readyLines);
  }

  /** As {@link #startWithJars} with the JVM's maximum heap given. */
  public static FlumeAgentProcess start(Path workDir, String properties, String maxHeap,
      List<Path> jars, Duration timeout, String... readyLines) throws IOException {
    return launch(workDir, properties, maxHeap, jars, List.of(), timeout, readyLines);
  }

  /**
   * As {@link #start(Path, String, Duration, String...)} with system properties for Flume's JVM
   * ({@code flume.monitoring.type}, ...), each given as {@code -Dname=value}.
   */
  public static FlumeAgentProcess startWithSystemProperties(Path workDir, String properties,
      List<String> systemProperties, Duration timeout, String... readyLines) throws IOException {
    return launch(workDir, properties, "512m", List.of(), systemProperties, timeout, readyLines);
  }

  private static FlumeAgentProcess launch(Path workDir, String properties, String maxHeap,
      List<Path> jars, List<String> systemProperties, Duration timeout, String... readyLines)
      throws IOException {
    Files.createDirectories(workDir);
    Path conf = Files.writeString(workDir.resolve("flume.conf"), properties);
    Path log4j = Files.writeString(workDir.resolve("log4j2.xml"), LOG4J);
    Path log = workDir.resolve("agent.log");
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    List<String> command = new ArrayList<>(List.of(java.toString(), "-Xmx" + maxHeap,
        "-Dlog4j.configurationFile=" + log4j.toUri()));
    command.addAll(systemProperties);
    command.addAll(List.of("-cp", classpath(jars), "org.apache.flume.node.Application", "-n", "a1",
        "-f", conf.toString()));
    Process p = new ProcessBuilder(command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    FlumeAgentProcess agent = new FlumeAgentProcess(p, log);
    try {
      for (String line : readyLines) {
        agent.awaitLog(line, timeout);
      }
    } catch (RuntimeException e) {
      agent.close();
      throw e;
    }
    return agent;
  }

  private static String classpath(List<Path> jars) {
    StringBuilder cp = new StringBuilder(libDir().toAbsolutePath() + "/*");
    jars.forEach(j -> cp.append(File.pathSeparator).append(j.toAbsolutePath()));
    return cp.toString();
  }

    /** Waits until the agent's log contains {@code text}; fails early if the agent died. */
  public void awaitLog(String text, Duration timeout) {
    Awaitility.await("Flume agent log line '" + text + "' in " + log).atMost(timeout)
        .pollInterval(Duration.ofMillis(100)).until(() -> {
          if (!process.isAlive()) {
            throw new IllegalStateException("Flume agent exited with " + process.exitValue()
                + ":\n" + logText());
          }
          return logText().contains(text);
        });
  }

  public String logText() throws IOException {
    return Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
  }

  public long pid() {
    return process.pid();
  }

  @Override
  public void close() {
    process.destroy();
    try {
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
    }
  }
}
