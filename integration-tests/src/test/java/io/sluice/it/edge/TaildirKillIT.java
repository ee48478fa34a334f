package io.sluice.it.edge;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An edge agent (TAILDIR → file channel → file_roll) as a real process, killed with SIGKILL at
 * random points 20 times while a writer appends to its log and rotates it by renaming. Every line
 * the writer wrote must land, nothing else may, and duplicates stay within one source batch plus
 * one sink batch per kill (the batches in flight).
 *
 * <p>A kill can cut the sink's write of a batch short: Linux stops a write() at a page boundary
 * when the process gets SIGKILL, so that agent's output file ends in part of a line. That batch was
 * never committed (the next agent delivers it again, to a file of its own), and the next agent's
 * sink cuts the file back to its last commit at start: no output file may end in a torn line.
 */
class TaildirKillIT {
  private static final int KILLS = 20;
  private static final int BATCH = 100;
  @TempDir Path tmp;

  @Test
  void killedTwentyTimesUnderAWriterThatRotatesLosesNothing() throws Exception {
    Path logs = Files.createDirectories(tmp.resolve("logs"));
    Path out = Files.createDirectories(tmp.resolve("out"));
    Path conf = tmp.resolve("edge.properties");
    Files.writeString(conf, """
        a1.sources = r1
        a1.channels = c1
        a1.sinks = k1
        a1.sources.r1.type = TAILDIR
        a1.sources.r1.filegroups = f1
        a1.sources.r1.filegroups.f1 = %1$s/app\\\\.log.*
        a1.sources.r1.positionFile = %2$s/state/taildir_position.json
        a1.sources.r1.batchSize = %3$d
        a1.sources.r1.channels = c1
        a1.channels.c1.type = file
        a1.channels.c1.checkpointDir = %2$s/channel/checkpoint
        a1.channels.c1.dataDirs = %2$s/channel/data
        a1.channels.c1.capacity = 1000000
        a1.channels.c1.transactionCapacity = 1000
        a1.sinks.k1.type = file_roll
        a1.sinks.k1.channel = c1
        a1.sinks.k1.sink.directory = %4$s
        a1.sinks.k1.sink.rollInterval = 0
        a1.sinks.k1.sink.batchSize = %3$d
        """.formatted(logs, tmp, BATCH, out));
    Random random = new Random(42);
    try (RotatingWriter writer = new RotatingWriter(logs.resolve("app.log"))) {
      writer.start();
      for (int kill = 0; kill < KILLS; kill++) {
        Path log = tmp.resolve("agent-" + kill + ".log");
        Process agent = startAgent(conf, log);
        long before = landed(out).lines().size();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() -> {
          assertTrue(agent.isAlive(), () -> "agent exited: " + read(log));
          return landed(out).lines().size() > before;
        });
        Thread.sleep(random.nextInt(400)); // a random point in the agent's work, not a wait for a result
        agent.destroyForcibly();
        assertTrue(agent.waitFor(30, TimeUnit.SECONDS));
      }
      writer.stopWriting();
      long written = writer.written();
      Path log = tmp.resolve("agent-final.log");
      Process agent = startAgent(conf, log);
      try {
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(200)).until(() -> {
          assertTrue(agent.isAlive(), () -> "agent exited: " + read(log));
          return distinct(landed(out).lines()) >= written;
        });
      } finally {
        agent.destroy();
        agent.waitFor(60, TimeUnit.SECONDS);
      }
      Output output = landed(out);
      List<String> lines = output.lines();
      Map<String, Integer> counts = new HashMap<>();
      lines.forEach(l -> counts.merge(l, 1, Integer::sum));
      long missing = 0;
      for (long i = 0; i < written; i++) {
        if (!counts.containsKey(RotatingWriter.line(i))) {
          missing++;
        }
      }
      long duplicates = lines.size() - counts.size();
      System.out.printf("TaildirKillIT: %d kills, %d lines written in %d files, %d landed, %d missing,"
          + " %d duplicated, %d sink writes cut by a kill%n", KILLS, written, writer.rotations() + 1, lines.size(),
          missing, duplicates, output.cutWrites().size());
      assertEquals(0, missing, "lines written but never landed");
      Set<String> expected = new HashSet<>();
      for (long i = 0; i < written; i++) {
        expected.add(RotatingWriter.line(i));
      }
      List<String> strange = counts.keySet().stream().filter(l -> !expected.contains(l)).toList();
      for (String l : strange) {
        System.out.printf("TaildirKillIT: landed but never written: [%s]%n%s", l, whereLanded(out, l));
      }
      assertEquals(List.of(), strange, "lines landed that were never written");
      assertEquals(List.of(), output.cutWrites(),
          "output files ending in a torn line: a restarted sink did not cut off the write a kill cut short");
      assertTrue(duplicates <= (long) KILLS * 2 * BATCH,
          duplicates + " duplicates, more than one source and one sink batch per kill");
    }
  }

  /**
   * Where a stray line sits: its output file, its neighbours and whether the file ends with a
   * newline, so a failure says whether the sink tore a write or the source cut a line.
   */
  private static String whereLanded(Path dir, String stray) throws IOException {
    StringBuilder where = new StringBuilder();
    try (Stream<Path> files = Files.list(dir)) {
      // The sink's own state (.sluice) is a directory beside its files.
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        byte[] bytes = Files.readAllBytes(f);
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size(); i++) {
          if (lines.get(i).equals(stray)) {
            where.append(String.format("  in %s, line %d of %d (file ends with newline: %s, %d bytes"
                + ", stray is %d chars)%n    before: [%s]%n    after:  [%s]%n", f.getFileName(),
                i + 1, lines.size(), bytes.length > 0 && bytes[bytes.length - 1] == '\n', bytes.length,
                stray.length(), i > 0 ? lines.get(i - 1) : "-",
                i + 1 < lines.size() ? lines.get(i + 1) : "-"));
          }
        }
      }
    }
    return where.toString();
  }

  private static long distinct(List<String> lines) {
    return lines.stream().distinct().count();
  }

  private static Process startAgent(Path conf, Path log) throws IOException {
    List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx256m", "-cp", System.getProperty("java.class.path"), "io.sluice.deploy.SluiceMain", "agent",
        "-n", "a1", "-f", conf.toString(), "--no-reload-conf");
    return new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile()).start();
  }

  /** The sink's files: their newline-terminated lines, and each file's unterminated tail. */
  private record Output(List<String> lines, List<CutWrite> cutWrites) {}

  /** An output file that ends in part of a line: {@code size} bytes, the last ones {@code tail}. */
  private record CutWrite(Path file, long size, String tail) {}

  private static Output landed(Path dir) throws IOException {
    List<String> lines = new ArrayList<>();
    List<CutWrite> cut = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      // The sink's own state (.sluice) is a directory beside its files.
      for (Path f : files.filter(Files::isRegularFile).sorted().toList()) {
        byte[] bytes = Files.readAllBytes(f);
        int start = 0;
        for (int i = 0; i < bytes.length; i++) {
          if (bytes[i] == '\n') {
            lines.add(new String(bytes, start, i - start, StandardCharsets.UTF_8));
            start = i + 1;
          }
        }
        if (start < bytes.length) {
          String tail = new String(bytes, start, bytes.length - start, StandardCharsets.UTF_8);
          cut.add(new CutWrite(f, bytes.length, tail));
        }
      }
    }
    return new Output(lines, cut);
  }

  private static String read(Path log) {
    try {
      return Files.readString(log);
    } catch (IOException e) {
      return e.toString();
    }
  }

  /**
   * Appends numbered lines (about 5,000 a second) to a log and every second renames it to the
   * next {@code app.log.N} and starts a new one, as logrotate's {@code create} mode does.
   */
  private static final class RotatingWriter implements AutoCloseable {
    private final Path active;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong rotations = new AtomicLong();
    private final Thread thread;

    RotatingWriter(Path active) {
      this.active = active;
      this.thread = new Thread(this::run, "taildir-kill-it-writer");
    }

    static String line(long i) {
      return String.format("%09d %s", i, "payload-".repeat(28));
    }

    void start() {
      thread.start();
    }

    long written() {
      return written.get();
    }

    long rotations() {
      return rotations.get();
    }

    private void run() {
      long nextRotation = System.nanoTime() + 1_000_000_000L;
      BufferedWriter w = open();
      try {
        while (running.get()) {
          for (int i = 0; i < 50; i++) {
            w.write(line(written.get()));
            w.write('\n');
            written.incrementAndGet();
          }
          w.flush();
          if (System.nanoTime() - nextRotation > 0) {
            w.close();
            Files.move(active, active.resolveSibling("app.log." + rotations.incrementAndGet()));
            w = open();
            nextRotation = System.nanoTime() + 1_000_000_000L;
          }
          Thread.sleep(10);
        }
        w.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }

    private BufferedWriter open() {
      try {
        return Files.newBufferedWriter(active, StandardCharsets.UTF_8, StandardOpenOption.CREATE,
            StandardOpenOption.APPEND);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }

    void stopWriting() throws InterruptedException {
      running.set(false);
      thread.join(10_000);
    }

    @Override
    public void close() throws InterruptedException {
      stopWriting();
    }
  }
}
