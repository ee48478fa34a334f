package io.sluice.it.edge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * 20,000 log files under a process limit of 1,024 descriptors: every line lands, the agent never
 * runs out of descriptors, and the position file lists every file (Flume's TAILDIR opens every
 * matched file at once and, out of descriptors, writes an empty position file: FLUME-3348).
 */
class TaildirManyFilesIT {
  private static final int FILES = 20_000;
  private static final int LINES = 3;
  @TempDir Path tmp;

  @Test
  void twentyThousandFilesWithAThousandDescriptors() throws Exception {
    Path logs = Files.createDirectories(tmp.resolve("logs"));
    Path out = Files.createDirectories(tmp.resolve("out"));
    Set<String> expected = new HashSet<>();
    for (int f = 0; f < FILES; f++) {
      StringBuilder sb = new StringBuilder();
      for (int l = 0; l < LINES; l++) {
        String line = "file-" + f + " line-" + l;
        expected.add(line);
        sb.append(line).append('\n');
      }
      Files.writeString(logs.resolve("svc-" + f + ".log"), sb.toString());
    }
    Path positions = tmp.resolve("state").resolve("taildir_position.json");
    Path conf = tmp.resolve("edge.properties");
    Files.writeString(conf, """
        a1.sources = r1
        a1.channels = c1
        a1.sinks = k1
        a1.sources.r1.type = TAILDIR
        a1.sources.r1.filegroups = f1
        a1.sources.r1.filegroups.f1 = %s/svc-.*[.]log
        a1.sources.r1.positionFile = %s
        a1.sources.r1.channels = c1
        a1.channels.c1.type = memory
        a1.channels.c1.capacity = 100000
        a1.channels.c1.transactionCapacity = 1000
        a1.sinks.k1.type = file_roll
        a1.sinks.k1.channel = c1
        a1.sinks.k1.sink.directory = %s
        a1.sinks.k1.sink.rollInterval = 0
        a1.sinks.k1.sink.batchSize = 1000
        """.formatted(logs, positions, out));
    Path log = tmp.resolve("agent.log");
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    String command = "ulimit -n 1024 && exec '" + java + "' -Xmx512m -cp '" + System.getProperty("java.class.path")
        + "' io.sluice.deploy.SluiceMain agent -n a1 -f '" + conf + "' --no-reload-conf";
    Process agent = new ProcessBuilder("bash", "-c", command).redirectErrorStream(true)
        .redirectOutput(log.toFile()).start();
    try {
      await().atMost(Duration.ofSeconds(240)).pollInterval(Duration.ofMillis(500)).until(() -> {
        assertTrue(agent.isAlive(), () -> "agent exited: " + tail(log));
        return landed(out).size() >= expected.size();
      });
      await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
          .until(() -> Files.exists(positions) && new ObjectMapper().readTree(Files.readString(positions)).size() == FILES);
    } finally {
      agent.destroy();
      agent.waitFor(60, TimeUnit.SECONDS);
      agent.destroyForcibly();
    }
    List<String> lines = landed(out);
    assertEquals(expected, new HashSet<>(lines), "every line of every file landed");
    assertEquals(expected.size(), lines.size(), "no line landed twice");
    String agentLog = Files.readString(log);
    assertFalse(agentLog.contains("Too many open files"), tail(log));
    assertEquals(FILES, new ObjectMapper().readTree(Files.readString(positions)).size(),
        "the position file lists every file after the stop");
  }

  private static List<String> landed(Path dir) throws IOException {
    List<String> lines = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        lines.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
      }
    }
    return lines;
  }

  private static String tail(Path log) {
    try {
      String s = Files.readString(log);
      return s.length() > 4000 ? s.substring(s.length() - 4000) : s;
    } catch (IOException e) {
      return e.toString();
    }
  }
}
