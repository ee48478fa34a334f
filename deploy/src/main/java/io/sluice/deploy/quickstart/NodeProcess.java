package io.sluice.deploy.quickstart;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One JVM of the local cluster, started with this JVM's java and classpath, its output in its own
 * log file. It runs in its own session ({@code setsid} when present) so a Ctrl-C in the terminal
 * reaches only the launcher, which then stops the nodes in order. Thread-safe.
 */
public final class NodeProcess {
  /**
   * What a node is; the launcher stops the log writers, then edges, then aggregators, then the
   * cluster host.
   */
  public enum Role { CLUSTER_HOST, AGGREGATOR, EDGE, WRITER }

  private static final String SLUICE_MAIN = "io.sluice.deploy.SluiceMain";

  private final String name;
  private final Role role;
  private final List<String> command;
  private final Path log;
  private final int metricsPort;
  private final Map<String, String> environment = new HashMap<>();
  private Process process;
  private HostControl control;

  /**
   * @param mainArgs the arguments of {@code io.sluice.deploy.SluiceMain}
   * @param metricsPort the node's HTTP metrics port, or -1 for none
   */
  public NodeProcess(String name, Role role, List<String> jvmOptions, List<String> mainArgs,
      Path log, int metricsPort) {
    this(name, role, jvmOptions, SLUICE_MAIN, mainArgs, log, metricsPort);
  }

  /**
   * A node running another main class of this classpath (a {@link LogWriter}).
   *
   * @param metricsPort the node's HTTP metrics port, or -1 for none
   */
  public NodeProcess(String name, Role role, List<String> jvmOptions, String mainClass,
      List<String> mainArgs, Path log, int metricsPort) {
    this.name = name;
    this.role = role;
    this.log = log;
    this.metricsPort = metricsPort;
    List<String> c = new ArrayList<>();
    if (Files.isExecutable(Path.of("/usr/bin/setsid")) || Files.isExecutable(Path.of("/bin/setsid"))) {
      c.add("setsid");
    }
    c.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    c.addAll(jvmOptions);
    if (metricsPort > 0) {
      c.add("-Dflume.monitoring.type=http");
      c.add("-Dflume.monitoring.port=" + metricsPort);
    }
    String log4j = System.getProperty("log4j2.configurationFile");
    if (log4j != null) {
      c.add("-Dlog4j2.configurationFile=" + log4j);
    }
    c.add("-cp");
    c.add(System.getProperty("java.class.path"));
    c.add(mainClass);
    c.addAll(mainArgs);
    this.command = List.copyOf(c);
  }

  /** Sets an environment variable for this node's next starts ({@code HADOOP_CONF_DIR}). */
  public synchronized NodeProcess environment(String name, String value) {
    environment.put(name, value);
    return this;
  }

  public synchronized NodeProcess start() throws IOException {
    Files.createDirectories(log.getParent());
    ProcessBuilder b = new ProcessBuilder(command)
        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
    b.environment().putAll(environment);
    if (role == Role.CLUSTER_HOST) {
      // Its standard error carries the answers to control commands (HostControl copies the rest
      // into the log); its standard output goes straight to the log, so that what it logs while
      // stopping after its launcher died is kept.
      process = b.start();
      control = new HostControl(process, log, name);
    } else {
      process = b.redirectErrorStream(true).start();
    }
    return this;
  }

  /**
   * Sends a control command to the cluster host (see {@link ClusterHost}) and returns its answer.
   *
   * @throws IOException with the host's error, or when it does not answer within {@code timeout}
   */
  public String control(String command, Duration timeout)
      throws IOException, InterruptedException {
    HostControl c;
    synchronized (this) {
      if (control == null) {
        throw new IllegalStateException(name + " takes no control commands");
      }
      c = control;
    }
    return c.call(command, timeout);
  }

  /**
   * Sends one command line to a log writer's standard input ({@code rotate-every MILLIS}).
   *
   * @throws IOException when it is not running
   */
  public synchronized void send(String command) throws IOException {
    if (role != Role.WRITER) {
      throw new IllegalStateException(name + " takes no commands on its standard input");
    }
    if (process == null || !process.isAlive()) {
      throw new IOException(name + " is not running; see " + log);
    }
    OutputStream in = process.getOutputStream();
    in.write((command + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
  }

  public String name() {
    return name;
  }

  public Role role() {
    return role;
  }

  public Path log() {
    return log;
  }

  public int metricsPort() {
    return metricsPort;
  }

  public synchronized boolean isAlive() {
    return process != null && process.isAlive();
  }

  public synchronized long pid() {
    return process == null ? -1 : process.pid();
  }

  /**
   * Asks for a clean stop (SIGTERM; the cluster host and log writers: their standard input
   * closes), then waits up to
   * {@code seconds}; SIGKILL after that. Returns whether it stopped cleanly in time.
   */
  public boolean stop(long seconds) throws InterruptedException {
    Process p;
    synchronized (this) {
      p = process;
    }
    if (p == null || !p.isAlive()) {
      return true;
    }
    if (role == Role.CLUSTER_HOST || role == Role.WRITER) {
      try {
        p.getOutputStream().close();
      } catch (IOException e) {
        p.destroy();
      }
    } else {
      p.destroy();
    }
    if (p.waitFor(seconds, TimeUnit.SECONDS)) {
      return true;
    }
    p.destroyForcibly();
    p.waitFor(10, TimeUnit.SECONDS);
    return false;
  }

  /** SIGKILL without waiting for anything to be flushed (drills). */
  public synchronized void kill() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Exit code, or null while running or never started. */
  public synchronized Integer exitCode() {
    return process == null || process.isAlive() ? null : process.exitValue();
  }

  @Override
  public String toString() {
    return name + " (" + role + ", pid " + pid() + ")";
  }
}
