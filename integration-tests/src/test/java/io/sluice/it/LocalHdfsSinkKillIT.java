package io.sluice.it;

import static io.sluice.it.AgentProcessShutdownIT.connect;
import static io.sluice.it.AgentProcessShutdownIT.read;
import static io.sluice.it.AgentProcessShutdownIT.startSluice;
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
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HDFS sink writing to a {@code file://} path (staging set-ups) in an aggregator killed with
 * SIGKILL while it writes: every event the netcat source acknowledged (in the durable file channel)
 * is in the files after a restart. The sink commits a take only after hflush; on the checksummed
 * local file system the tail of each flushed batch stayed in the JVM and a kill lost it for good.
 */
class LocalHdfsSinkKillIT {
  private static final Duration WAIT = Duration.ofSeconds(120);
  @TempDir Path tmp;

  @Test
  void sigkillUnderLoadLosesNoCommittedEvent() throws Exception {
    Path out = tmp.resolve("out");
    Path log1 = tmp.resolve("agent-1.log");
    int port1 = freePort();
    Process agent = startSluice(log1, List.of("agent", "-n", "a1", "-f", config(port1, out).toString()));
    Set<String> acked = new HashSet<>();
    AtomicInteger landedBeforeKill = new AtomicInteger();
    try (Socket socket = connect(port1, agent, log1)) {
      OutputStream os = socket.getOutputStream();
      BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
          StandardCharsets.UTF_8));
      int i = 0;
      // write until the sink has been committing for a while, then kill it mid-stream
      while (i % 1000 != 0 || landed(out).size() < 20_000) {
        String line = String.format("line-%08d", i++);
        os.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        os.flush();
        assertEquals("OK", in.readLine(), line);
        acked.add(line);
        assertTrue(i < 2_000_000, "the sink wrote nothing; log:\n" + Files.readString(log1));
      }
      // keep the sink busy: more lines in flight, then SIGKILL
      for (int j = 0; j < 5_000; j++, i++) {
        String line = String.format("line-%08d", i);
        os.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        os.flush();
        assertEquals("OK", in.readLine(), line);
        acked.add(line);
      }
      landedBeforeKill.set(landed(out).size());
      agent.destroyForcibly(); // SIGKILL
      assertTrue(agent.waitFor(30, TimeUnit.SECONDS));
    } finally {
      agent.destroyForcibly();
    }

    // Restart on the same channel: what the sink had not committed is delivered again.
    Path log2 = tmp.resolve("agent-2.log");
    Process again = startSluice(log2, List.of("agent", "-n", "a1", "-f",
        config(freePort(), out).toString()));
    try {
      try {
        await().atMost(WAIT).pollInterval(Duration.ofMillis(500)).until(() -> {
          assertTrue(again.isAlive(), () -> "restarted agent exited: " + read(log2));
          return new HashSet<>(landed(out)).containsAll(acked);
        });
      } catch (org.awaitility.core.ConditionTimeoutException e) {
        // reported below, with what is missing
      }
      again.destroy();
      assertTrue(again.waitFor(60, TimeUnit.SECONDS));
    } finally {
      again.destroyForcibly();
    }
    List<String> lines = landed(out);
    Set<String> missing = new HashSet<>(acked);
    missing.removeAll(lines);
    assertEquals(0, missing.size(), () -> missing.size() + " acknowledged events lost, e.g. "
        + missing.stream().sorted().limit(5).toList());
    System.out.printf("LocalHdfsSinkKillIT: %d acknowledged, %d in files before the kill, %d lines "
        + "after the restart (%d written twice: delivered again after the kill)%n", acked.size(),
        landedBeforeKill.get(), lines.size(), lines.size() - new HashSet<>(lines).size());
  }

  private Path config(int port, Path out) throws IOException {
    Path conf = tmp.resolve("agent-" + port + ".properties");
    Files.writeString(conf, NetcatAgentConfig.of(port,
        Map.of("type", "file", "checkpointDir", tmp.resolve("checkpoint").toString(),
            "dataDirs", tmp.resolve("data").toString()),
        Map.of("type", "hdfs", "hdfs.path", out.toUri().toString(), "hdfs.fileType", "DataStream",
            "hdfs.batchSize", "100", "hdfs.rollCount", "7000", "hdfs.rollSize", "0",
            "hdfs.rollInterval", "0", "hdfs.retryInterval", "1")));
    return conf;
  }

  /** Every line in the sink's files, finished or in use (read as the operating system has them). */
  private static List<String> landed(Path dir) throws IOException {
    while (true) {
      try {
        return readLines(dir);
      } catch (java.nio.file.NoSuchFileException e) {
        // renamed from its in-use name while we listed: read again
      }
    }
  }

  private static List<String> readLines(Path dir) throws IOException {
    List<String> lines = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return lines;
    }
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(f -> !f.getFileName().toString().startsWith(".")).sorted().toList()) {
        String text = Files.readString(f, StandardCharsets.UTF_8);
        for (String l : text.split("\n")) {
          if (l.length() == 13) { // a line cut by the kill is no event
            lines.add(l);
          }
        }
      }
    }
    return lines;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }
}
