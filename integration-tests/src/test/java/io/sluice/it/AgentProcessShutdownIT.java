package io.sluice.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The launcher's main class as a real process: SIGTERM must stop the source first, drain the
 * memory channel into the sink, and exit, with every acknowledged event in the files.
 */
class AgentProcessShutdownIT {
  @TempDir Path tmp;

  @Test
  void sigtermDrainsEveryAcknowledgedEventIntoTheSink() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = s.getLocalPort();
    }
    Path out = Files.createDirectories(tmp.resolve("out"));
    Path conf = tmp.resolve("agent.properties");
    Files.writeString(conf, """
        a1.sources = r1
        a1.channels = c1
        a1.sinks = k1
        a1.sources.r1.type = netcat
        a1.sources.r1.bind = 127.0.0.1
        a1.sources.r1.port = %d
        a1.sources.r1.channels = c1
        a1.channels.c1.type = memory
        a1.channels.c1.capacity = 100000
        a1.channels.c1.transactionCapacity = 100
        a1.sinks.k1.type = file_roll
        a1.sinks.k1.channel = c1
        a1.sinks.k1.sink.directory = %s
        a1.sinks.k1.sink.batchSize = 1
        """.formatted(port, out.toString().replace("\\", "/")));
    Path log = tmp.resolve("agent.log");
    Process agent = new ProcessBuilder(javaBin(), "-cp", System.getProperty("java.class.path"),
        "io.sluice.deploy.SluiceMain", "agent", "-n", "a1", "-f", conf.toString(),
        "--shutdown-grace", "60")
        .redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      int acked = 0;
      try (Socket socket = connect(port, agent, log)) {
        OutputStream os = socket.getOutputStream();
        BufferedReader in = new BufferedReader(
            new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
        for (int i = 0; i < 5_000; i++) {
          os.write((i + "\n").getBytes(StandardCharsets.UTF_8));
          os.flush();
          assertEquals("OK", in.readLine(), "line " + i);
          acked++;
        }
      }
      agent.destroy(); // SIGTERM
      assertTrue(agent.waitFor(90, TimeUnit.SECONDS), "agent did not exit after SIGTERM");
      List<String> lines = landed(out);
      assertEquals(acked, lines.size(), "acknowledged events missing after shutdown; log:\n"
          + Files.readString(log));
      assertEquals(acked, new HashSet<>(lines).size());
      assertTrue(Files.readString(log).contains("Agent a1 stopped"), Files.readString(log));
    } finally {
      agent.destroyForcibly();
    }
  }

  static Socket connect(int port, Process agent, Path log) {
    Socket[] socket = new Socket[1];
    await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
      assertTrue(agent.isAlive(), () -> "agent exited early: " + read(log));
      try {
        socket[0] = new Socket(InetAddress.getLoopbackAddress(), port);
        return true;
      } catch (IOException e) {
        return false;
      }
    });
    return socket[0];
  }

  static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return e.toString();
    }
  }

  static List<String> landed(Path dir) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
      }
    }
    return lines;
  }

  static String javaBin() {
    return Path.of(System.getProperty("java.home"), "bin", "java").toString();
  }

  /** {@code sluice ARGS} as a process of this JVM's java and classpath, its output in {@code out}. */
  static Process startSluice(Path out, List<String> args) throws IOException {
    return startSluice(out, List.of(), args);
  }

  /** With JVM options (such as {@code -Xmx512m}) before the main class. */
  static Process startSluice(Path out, List<String> jvmOptions, List<String> args)
      throws IOException {
    List<String> command = new ArrayList<>(List.of(javaBin()));
    command.addAll(jvmOptions);
    command.addAll(List.of("-cp", System.getProperty("java.class.path"),
        "io.sluice.deploy.SluiceMain"));
    command.addAll(args);
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(out.toFile())
        .start();
  }
}
