package io.sluice.bench;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;

/**
 * A Sluice agent (Avro source → memory or file channel → null, the same shape as the Flume
 * side, or any config with an Avro source) in a JVM of its own, started the way
 * {@code bin/sluice agent} starts it, with this JVM's class path.
 */
final class SluiceAgentProcess implements AvroHopBench.SluiceTarget {
  private final Process process;
  private final int port;

  private SluiceAgentProcess(Process process, int port) {
    this.process = process;
    this.port = port;
  }

  static SluiceAgentProcess start(Path work, String channel) throws IOException {
    return start(work, "sluice-bench", System.getProperty("sluice.bench.agentJvmArgs", ""),
        channel, "");
  }

  /**
   * @param name names the agent's config and log files in {@code work}
   * @param jvmArgs extra JVM options, separated by whitespace or by a comma before a dash
   * @param channel {@code memory} or {@code file} (see {@link AvroHopBench#channelConf})
   * @param channelKeys extra keys of the channel, {@code key = value} separated by {@code ;}
   */
  static SluiceAgentProcess start(Path work, String name, String jvmArgs, String channel,
      String channelKeys) throws IOException {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    return start(work, name, jvmArgs, """
        a1.sources = r1
        a1.channels = c1
        a1.sinks = k1
        a1.sources.r1.type = avro
        a1.sources.r1.bind = 127.0.0.1
        a1.sources.r1.port = %d
        a1.sources.r1.threads = %s
        a1.sources.r1.channels = c1
        a1.sinks.k1.type = null
        a1.sinks.k1.channel = c1
        a1.sinks.k1.batchSize = 1000
        """.formatted(port, System.getProperty("sluice.bench.threads", "8"))
        + AvroHopBench.channelConf(channel, work.resolve(name + "-channel"))
        + extraChannelKeys(channelKeys)
        + AvroHopBench.interceptorConf(), port);
  }

  private static String extraChannelKeys(String keys) {
    StringBuilder out = new StringBuilder();
    for (String kv : keys.split(";")) {
      if (!kv.isBlank()) {
        out.append("a1.channels.c1.").append(kv.trim()).append('\n');
      }
    }
    return out.toString();
  }

  /**
   * Agent {@code a1} running {@code config} (Flume properties text) whose source listens on
   * {@code port}; returns once that port accepts connections.
   */
  static SluiceAgentProcess start(Path work, String name, String jvmArgs, String config, int port)
      throws IOException {
    Path conf = work.resolve(name + ".properties");
    Files.writeString(conf, config);
    List<String> command = new ArrayList<>(List.of(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx1g"));
    // Extra JVM options for the agent only, e.g. a profiler: -Dsluice.bench.agentJvmArgs="..."
    String extra = jvmArgs.trim();
    if (!extra.isEmpty()) {
      command.addAll(List.of(extra.split("\\s+|,(?=-)")));
    }
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        "io.sluice.deploy.SluiceMain", "agent", "-n", "a1", "-f", conf.toString(),
        "--no-reload-conf"));
    Process p = new ProcessBuilder(command)
        .redirectErrorStream(true).redirectOutput(work.resolve(name + ".log").toFile()).start();
    try {
      Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100))
          .until(() -> !p.isAlive() || accepts(port));
    } catch (ConditionTimeoutException e) {
      // reported below
    }
    if (!p.isAlive() || !accepts(port)) {
      p.destroyForcibly();
      throw new IOException("the Sluice agent did not open port " + port + "; see "
          + work.resolve(name + ".log"));
    }
    return new SluiceAgentProcess(p, port);
  }

  private static boolean accepts(int port) {
    try (Socket s = new Socket(InetAddress.getLoopbackAddress(), port)) {
      return true;
    } catch (IOException notYet) {
      return false;
    }
  }

  @Override
  public int port() {
    return port;
  }

  @Override
  public ProcessHandle process() {
    return process.toHandle();
  }

  @Override
  public void close() throws InterruptedException {
    process.destroy();
    if (!process.waitFor(30, TimeUnit.SECONDS)) {
      process.destroyForcibly();
    }
  }
}
