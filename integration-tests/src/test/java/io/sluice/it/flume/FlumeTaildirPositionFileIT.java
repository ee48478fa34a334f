package io.sluice.it.flume;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sluice.api.Channel;
import io.sluice.api.Event;
import io.sluice.api.Transaction;
import io.sluice.core.agent.Agent;
import io.sluice.core.agent.AgentOptions;
import io.sluice.core.config.AgentConfigLoader;
import io.sluice.core.config.FlumeProperties;
import io.sluice.core.config.ValueSubstitutor;
import io.sluice.core.registry.ComponentRegistry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #15: the TAILDIR position file is Flume 1.11's, both ways. A real Apache Flume 1.11.0 agent
 * (its own {@code flume-taildir-source} from Maven Central, in its own JVM) and a Sluice agent (in
 * this JVM, through the agent runtime) run the same Flume-format config text, TAILDIR → memory
 * channel → {@code file_roll}, on the same log file and the same {@code positionFile}:
 *
 * <ul>
 *   <li>migrate: Flume tails, stops on SIGTERM; lines are appended; Sluice must deliver exactly the
 *       appended lines;
 *   <li>roll back: Sluice tails, stops; lines are appended; Flume (with Sluice's {@code .sluice}
 *       sidecar beside the position file) must deliver exactly the appended lines; then Sluice
 *       again, with a sidecar older than Flume's positions, must deliver exactly what Flume left;
 *   <li>Flume's user-guide TAILDIR example starts on Sluice with only its directories changed.
 * </ul>
 *
 * Each delivery is compared line for line with a ledger of what was written, so a resume at 0
 * (duplicates) or past the end (loss) fails, showing the position file.
 */
class FlumeTaildirPositionFileIT {
  private static final Duration DEADLINE = Duration.ofSeconds(90);
  private static final ObjectMapper JSON = new ObjectMapper();
  // Flume's MonitoredCounterGroup logs these once each component started.
  private static final String FLUME_SOURCE_STARTED = "Component type: SOURCE, name: r1 started";
  private static final String FLUME_SINK_STARTED = "Component type: SINK, name: k1 started";

  @TempDir Path tmp;

  /** The one config both agents run: only the sink's output directory differs per run. */
  private static String config(Path logDir, Path positionFile, Path out) {
    return """
        a1.sources = r1
        a1.channels = c1
        a1.sinks = k1

        a1.sources.r1.type = TAILDIR
        a1.sources.r1.channels = c1
        a1.sources.r1.positionFile = %s
        a1.sources.r1.filegroups = f1
        a1.sources.r1.filegroups.f1 = %s/app.*log

        a1.channels.c1.type = memory
        a1.channels.c1.capacity = 100000
        a1.channels.c1.transactionCapacity = 1000

        a1.sinks.k1.type = file_roll
        a1.sinks.k1.channel = c1
        a1.sinks.k1.sink.directory = %s
        a1.sinks.k1.sink.rollInterval = 0
        """.formatted(positionFile, logDir, out);
  }

  @Test
  void hostMigratingFromFlumeResumesWhereFlumeStopped() throws Exception {
    Path logDir = Files.createDirectories(tmp.resolve("log"));
    Path log = logDir.resolve("app.log");
    Path positionFile = tmp.resolve("state/taildir_position.json");
    Path flumeOut = Files.createDirectories(tmp.resolve("out-flume"));
    Path sluiceOut = Files.createDirectories(tmp.resolve("out-sluice"));

    List<String> byFlume = lines("flume", 0, 1000);
    append(log, byFlume);
    try (FlumeAgentProcess flume = startFlume(tmp.resolve("flume"),
        config(logDir, positionFile, flumeOut), positionFile)) {
      awaitLanded("Flume", flumeOut, byFlume, positionFile, flume);
      awaitPosition("Flume", positionFile, log, flume);
      sigterm(flume);
    }
    // Flume's own stop wrote its position file: exactly Flume's format, at the end of the file.
    assertOnlyEntryAtEnd("Flume, after SIGTERM", positionFile, log, null);
    assertFalse(Files.exists(sidecar(positionFile)), "Flume writes no sidecar");

    List<String> appended = lines("after-flume", 1000, 1500);
    append(log, appended);
    Agent sluice = startSluice(config(logDir, positionFile, sluiceOut));
    try {
      awaitLanded("Sluice", sluiceOut, appended, positionFile, null);
      awaitPosition("Sluice", positionFile, log, null);
    } finally {
      sluice.stop();
    }
    // Stopped and drained: anything read twice or skipped would be in the output now.
    assertEquals(appended, landed(sluiceOut), () -> "Sluice resumed from Flume's position file"
        + " and must deliver exactly the " + appended.size() + " appended lines, each once.\n"
        + describe(positionFile));
    assertOnlyEntryAtEnd("Sluice, after stop", positionFile, log, null);
    assertTrue(Files.exists(sidecar(positionFile)), "Sluice writes its sidecar beside the position file");
  }

  @Test
  void hostRolledBackToFlumeResumesWhereSluiceStopped() throws Exception {
    Path logDir = Files.createDirectories(tmp.resolve("log"));
    Path log = logDir.resolve("app.log");
    Path positionFile = tmp.resolve("state/taildir_position.json");
    Path sluiceOut = Files.createDirectories(tmp.resolve("out-sluice"));
    Path flumeOut = Files.createDirectories(tmp.resolve("out-flume"));
    Path sluiceAgainOut = Files.createDirectories(tmp.resolve("out-sluice-again"));

    List<String> bySluice = lines("sluice", 0, 1000);
    append(log, bySluice);
    Agent sluice = startSluice(config(logDir, positionFile, sluiceOut));
    try {
      awaitLanded("Sluice", sluiceOut, bySluice, positionFile, null);
    } finally {
      sluice.stop();
    }
    assertEquals(bySluice, landed(sluiceOut), () -> "Sluice's first run\n" + describe(positionFile));
    long sluiceEnd = Files.size(log);
    assertOnlyEntryAtEnd("Sluice, after stop", positionFile, log, sidecar(positionFile));
    String sidecarBefore = Files.readString(sidecar(positionFile));

    List<String> appended = lines("after-sluice", 1000, 1400);
    append(log, appended);
    try (FlumeAgentProcess flume = startFlume(tmp.resolve("flume"),
        config(logDir, positionFile, flumeOut), positionFile)) {
      // Flume's ReliableTaildirEventReader logs this when it took the saved position for the file.
      String resumed = "Updated position, file: " + log + ", inode: " + inode(log) + ", pos: " + sluiceEnd;
      try {
        flume.awaitLog(resumed, DEADLINE);
      } catch (RuntimeException e) {
        fail("Flume 1.11 did not take Sluice's position (expected log line '" + resumed + "').\n"
            + describe(positionFile) + "\nFlume's position-file log lines:\n" + positionLog(flume), e);
      }
      awaitLanded("Flume", flumeOut, appended, positionFile, flume);
      awaitPosition("Flume", positionFile, log, flume);
      sigterm(flume);
      assertFalse(positionLog(flume).contains("Failed loading positionFile"), () -> positionLog(flume));
    }
    assertEquals(appended, landed(flumeOut), () -> "Flume 1.11 resumed from Sluice's position file"
        + " and must deliver exactly the " + appended.size() + " appended lines, each once.\n"
        + describe(positionFile));
    assertOnlyEntryAtEnd("Flume, after SIGTERM", positionFile, log, null);
    assertEquals(sidecarBefore, Files.readString(sidecar(positionFile)),
        "Flume ignores (and keeps) Sluice's sidecar");

    // And forward again: the sidecar is now older than Flume's positions; Flume's file rules.
    List<String> appendedAgain = lines("after-flume", 1400, 1700);
    append(log, appendedAgain);
    Agent again = startSluice(config(logDir, positionFile, sluiceAgainOut));
    try {
      awaitLanded("Sluice (second migration)", sluiceAgainOut, appendedAgain, positionFile, null);
      awaitPosition("Sluice (second migration)", positionFile, log, null);
    } finally {
      again.stop();
    }
    assertEquals(appendedAgain, landed(sluiceAgainOut), () -> "Sluice resumed from Flume's position"
        + " file beside its own older sidecar and must deliver exactly the " + appendedAgain.size()
        + " lines appended since Flume stopped.\n" + describe(positionFile));
  }

  /**
   * Flume 1.11 user guide, Taildir Source, verbatim (its {@code ri} typo included) but for the
   * directories, plus the channel type the fragment leaves out (Flume 1.11 refuses an agent with no
   * valid channel). No sink, as in the guide: the test takes the events from the channel.
   */
  private static final String USER_GUIDE_TAILDIR = """
      a1.sources = r1
      a1.channels = c1
      a1.sources.r1.type = TAILDIR
      a1.sources.r1.channels = c1
      a1.sources.r1.positionFile = /var/log/flume/taildir_position.json
      a1.sources.r1.filegroups = f1 f2
      a1.sources.r1.filegroups.f1 = /var/log/test1/example.log
      a1.sources.r1.headers.f1.headerKey1 = value1
      a1.sources.r1.filegroups.f2 = /var/log/test2/.*log.*
      a1.sources.r1.headers.f2.headerKey1 = value2
      a1.sources.r1.headers.f2.headerKey2 = value2-2
      a1.sources.r1.fileHeader = true
      a1.sources.ri.maxBatchCount = 1000
      """ + "a1.channels.c1.type = memory\n";

  @Test
  void flumeUserGuideTaildirExampleRunsOnSluice() throws Exception {
    for (String variant : List.of("as printed", "typo fixed")) {
      Path root = Files.createDirectories(tmp.resolve(variant.replace(' ', '-')));
      Path test1 = Files.createDirectories(root.resolve("test1"));
      Path test2 = Files.createDirectories(root.resolve("test2"));
      Path positionFile = root.resolve("flume/taildir_position.json"); // its directory does not exist yet
      String text = USER_GUIDE_TAILDIR.replace("/var/log/flume/", root.resolve("flume") + "/")
          .replace("/var/log/test1/", test1 + "/").replace("/var/log/test2/", test2 + "/");
      if (variant.equals("typo fixed")) {
        text = text.replace("a1.sources.ri.", "a1.sources.r1.");
      }
      Map<Path, List<String>> written = new LinkedHashMap<>();
      written.put(test1.resolve("example.log"), lines("f1-example", 0, 3));
      written.put(test2.resolve("app.log"), lines("f2-app", 0, 250));
      written.put(test2.resolve("access.log.1"), lines("f2-access", 0, 2));
      for (Map.Entry<Path, List<String>> e : written.entrySet()) {
        append(e.getKey(), e.getValue());
      }
      append(test1.resolve("other.log"), lines("not-in-f1", 0, 2));
      append(test2.resolve("notes.txt"), lines("not-in-f2", 0, 2));

      Agent sluice = startSluice(text);
      Map<Path, List<Event>> got = new TreeMap<>();
      try {
        Channel ch = sluice.channel("c1");
        int total = written.values().stream().mapToInt(List::size).sum();
        await("events of " + written.keySet() + " in channel c1 (" + variant + ")").atMost(DEADLINE)
            .pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
              drain(ch, got);
              assertTrue(got.values().stream().mapToInt(List::size).sum() >= total,
                  () -> variant + ": got " + bodies(got) + "\n" + describe(positionFile));
            });
        drain(ch, got);
        assertEquals(new TreeMap<>(written), bodies(got), () -> variant + ": lines by file header\n"
            + describe(positionFile));
        await("position file " + positionFile).atMost(DEADLINE).pollInterval(Duration.ofMillis(200))
            .untilAsserted(() -> assertEquals(written.size(), entries(positionFile).size(), () -> describe(positionFile)));
      } finally {
        sluice.stop();
      }
      for (Map.Entry<Path, List<Event>> e : got.entrySet()) {
        boolean f1 = e.getKey().getParent().equals(test1);
        Map<String, String> expected = f1
            ? Map.of("headerKey1", "value1", "file", e.getKey().toString())
            : Map.of("headerKey1", "value2", "headerKey2", "value2-2", "file", e.getKey().toString());
        for (Event ev : e.getValue()) {
          assertEquals(expected, ev.getHeaders(), variant + ": headers of a line of " + e.getKey());
        }
      }
      // The position file it wrote is Flume's: one {inode,pos,file} per followed file, at its end.
      Map<String, JsonNode> byPath = new TreeMap<>();
      for (JsonNode n : entries(positionFile)) {
        byPath.put(n.get("file").asText(), n);
      }
      for (Path f : written.keySet()) {
        JsonNode n = byPath.get(f.toString());
        assertTrue(n != null, () -> f + " missing from the position file\n" + describe(positionFile));
        assertEquals(inode(f), n.get("inode").asLong(), () -> describe(positionFile));
        assertEquals(Files.size(f), n.get("pos").asLong(), () -> describe(positionFile));
      }
    }
  }

  // --- Sluice ---

  private static Agent startSluice(String properties) {
    AgentConfigLoader loader = new AgentConfigLoader(ComponentRegistry.fromContextClassLoader(),
        ValueSubstitutor.of(Map.of(), Map.of()));
    Agent agent = new Agent(loader.load(FlumeProperties.parse(properties), "a1"),
        AgentOptions.defaults().withShutdownGrace(Duration.ofSeconds(10)));
    agent.start();
    return agent;
  }

  /** Takes whatever the channel holds, grouped by the {@code file} header. */
  private static void drain(Channel ch, Map<Path, List<Event>> into) {
    while (ch.size() > 0) {
      try (Transaction tx = ch.getTransaction()) {
        tx.begin();
        List<Event> batch = tx.take((int) Math.min(ch.size(), 100));
        tx.commit();
        for (Event e : batch) {
          String file = e.getHeaders().getOrDefault("file", "(no file header)");
          into.computeIfAbsent(Path.of(file), k -> new ArrayList<>()).add(e);
        }
      }
    }
  }

  private static Map<Path, List<String>> bodies(Map<Path, List<Event>> got) {
    Map<Path, List<String>> out = new TreeMap<>();
    got.forEach((f, events) -> out.put(f, events.stream()
        .map(e -> new String(e.getBody(), StandardCharsets.UTF_8)).toList()));
    return out;
  }

  // --- Flume ---

  /**
   * Starts Flume and waits until its TAILDIR source and file_roll sink started. Flume's supervisor
   * retries a source that fails to start (as TAILDIR does on a position file it cannot parse), so
   * the first "Unable to start" fails the test at once, with the position file.
   */
  private static FlumeAgentProcess startFlume(Path workDir, String properties, Path positionFile)
      throws IOException {
    FlumeAgentProcess flume = FlumeAgentProcess.start(workDir, properties, DEADLINE);
    try {
      await("Flume's source r1 and sink k1 started (" + workDir.resolve("agent.log") + ")")
          .atMost(DEADLINE).pollInterval(Duration.ofMillis(100)).until(() -> {
            alive(flume);
            String log = flume.logText();
            if (log.contains("Unable to start")) {
              throw new IllegalStateException("Flume 1.11 could not start a component:\n"
                  + positionLog(flume) + "\n" + describe(positionFile));
            }
            return log.contains(FLUME_SOURCE_STARTED) && log.contains(FLUME_SINK_STARTED);
          });
    } catch (RuntimeException | Error e) {
      flume.close();
      throw e;
    }
    return flume;
  }

  /** SIGTERM, as an init system stops Flume, and waits for the JVM to exit (its hooks ran). */
  private static void sigterm(FlumeAgentProcess flume) throws Exception {
    ProcessHandle h = ProcessHandle.of(flume.pid()).orElse(null);
    if (h == null || !h.isAlive()) {
      fail("the Flume agent died before it was stopped:\n" + flume.logText());
    }
    assertTrue(h.destroy(), "SIGTERM to Flume pid " + flume.pid());
    try {
      h.onExit().get(60, TimeUnit.SECONDS);
    } catch (TimeoutException e) {
      fail("Flume did not exit within 60 s of SIGTERM:\n" + flume.logText());
    }
  }

  private static String positionLog(FlumeAgentProcess flume) {
    try {
      return flume.logText().lines()
          .filter(l -> l.contains("osition") || l.contains("ERROR") || l.contains("Exception")
              || l.contains("Missing file"))
          .collect(Collectors.joining("\n"));
    } catch (IOException e) {
      return "(cannot read Flume's log: " + e + ")";
    }
  }

  // --- files, ledgers, position files ---

  private static List<String> lines(String tag, int from, int to) {
    return IntStream.range(from, to)
        .mapToObj(i -> String.format("%s %06d %s", tag, i, "x".repeat(48 + i % 17))).toList();
  }

  private static void append(Path file, List<String> lines) throws IOException {
    StringBuilder b = new StringBuilder();
    lines.forEach(l -> b.append(l).append('\n'));
    Files.writeString(file, b, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE, StandardOpenOption.APPEND);
  }

  /** Every line a file_roll sink wrote in {@code dir}, files in name order. */
  private static List<String> landed(Path dir) throws IOException {
    List<Path> files;
    try (Stream<Path> s = Files.list(dir)) {
      files = s.filter(Files::isRegularFile).sorted().toList();
    }
    List<String> out = new ArrayList<>();
    for (Path f : files) {
      out.addAll(Files.readAllLines(f, StandardCharsets.UTF_8));
    }
    return out;
  }

  /**
   * Waits until the sink landed at least as many lines as expected, then compares at once: a
   * resume too early (duplicates) shows as a mismatch, not as a timeout.
   */
  private static void awaitLanded(String agent, Path out, List<String> expected, Path positionFile,
      FlumeAgentProcess flume) throws IOException {
    await(agent + " landing " + expected.size() + " lines in " + out).atMost(DEADLINE)
        .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
          alive(flume);
          List<String> got = landed(out);
          assertTrue(got.size() >= expected.size(), () -> agent + " landed " + got.size() + " of "
              + expected.size() + " lines; first landed: " + (got.isEmpty() ? "none" : got.get(0))
              + "\n" + describe(positionFile));
        });
    List<String> got = landed(out);
    assertEquals(expected, got, () -> agent + " landed " + got.size() + " lines where exactly the "
        + expected.size() + " expected were due (first expected '" + expected.get(0)
        + "', first landed '" + got.get(0) + "')\n" + describe(positionFile));
  }

  /** Waits until the position file holds one entry: this file's inode, at its end. */
  private static void awaitPosition(String agent, Path positionFile, Path log, FlumeAgentProcess flume) {
    await(agent + "'s position file recording the end of " + log).atMost(DEADLINE)
        .pollInterval(Duration.ofMillis(200)).untilAsserted(() -> {
          alive(flume);
          assertOnlyEntryAtEnd(agent, positionFile, log, null);
        });
  }

  /** Throws (not an assertion error, so Awaitility stops waiting) when Flume's JVM is gone. */
  private static void alive(FlumeAgentProcess flume) throws IOException {
    if (flume != null && ProcessHandle.of(flume.pid()).map(p -> !p.isAlive()).orElse(true)) {
      throw new IllegalStateException("the Flume agent exited:\n" + flume.logText());
    }
  }

  /**
   * Asserts the position file is exactly Flume's format (an array of objects with the keys inode,
   * pos and file, nothing else) with one entry for {@code log} at its current size; with {@code
   * sidecar}, that the sidecar records the same position.
   */
  private static void assertOnlyEntryAtEnd(String who, Path positionFile, Path log, Path sidecar)
      throws IOException {
    List<JsonNode> entries = entries(positionFile);
    assertEquals(1, entries.size(), () -> who + ": one entry expected\n" + describe(positionFile));
    JsonNode e = entries.get(0);
    List<String> keys = new ArrayList<>();
    e.fieldNames().forEachRemaining(keys::add);
    assertEquals(List.of("inode", "pos", "file"), keys,
        () -> who + ": only Flume's keys (Flume 1.11 refuses others)\n" + describe(positionFile));
    assertEquals(log.toString(), e.get("file").asText(), () -> who + "\n" + describe(positionFile));
    assertEquals(inode(log), e.get("inode").asLong(), () -> who + "\n" + describe(positionFile));
    assertEquals(Files.size(log), e.get("pos").asLong(),
        () -> who + ": the position must be the file's size\n" + describe(positionFile));
    if (sidecar != null) {
      JsonNode root = JSON.readTree(Files.readString(sidecar));
      JsonNode files = root.path("files");
      assertEquals(1, files.size(), () -> describe(positionFile));
      assertEquals(Files.size(log), files.get(0).path("pos").asLong(), () -> describe(positionFile));
    }
  }

  private static List<JsonNode> entries(Path positionFile) throws IOException {
    if (!Files.exists(positionFile)) {
      return List.of();
    }
    String text = Files.readString(positionFile, StandardCharsets.UTF_8);
    if (text.isBlank()) {
      return List.of();
    }
    JsonNode root = JSON.readTree(text);
    assertTrue(root.isArray(), () -> "not a JSON array\n" + describe(positionFile));
    List<JsonNode> out = new ArrayList<>();
    for (Iterator<JsonNode> it = root.elements(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }

  private static Path sidecar(Path positionFile) {
    return positionFile.resolveSibling(positionFile.getFileName() + ".sluice");
  }

  /** The position file and its sidecar, for failure messages. */
  private static String describe(Path positionFile) {
    return "position file " + positionFile + ": " + contentOf(positionFile) + "\nsidecar: "
        + contentOf(sidecar(positionFile));
  }

  private static String contentOf(Path p) {
    try {
      return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "(none)";
    } catch (IOException e) {
      return "(unreadable: " + e + ")";
    }
  }

  private static long inode(Path p) throws IOException {
    return ((Number) Files.getAttribute(p, "unix:ino")).longValue();
  }
}
