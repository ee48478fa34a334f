package io.sluice.core.channel.file;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.api.Transaction;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The heap a file channel needs is set by its configuration, not by what it holds: a child JVM with
 * a 48 MiB heap fills a channel with 200 MB of event bodies, restarts it, and reads from it.
 */
class FileChannelMemoryBoundTest {
  static final int EVENTS = 200_000;
  static final int BODY = 1000;

  @TempDir Path tmp;

  @Test
  void twoHundredMegabytesOfEventsFitInAFortyEightMegabyteHeap() throws Exception {
    Path out = tmp.resolve("child.out");
    Process child = new ProcessBuilder(
        Path.of(System.getProperty("java.home"), "bin", "java").toString(), "-Xmx48m",
        "-cp", System.getProperty("java.class.path"), Child.class.getName(), tmp.toString())
        .redirectErrorStream(true).redirectOutput(out.toFile()).start();
    assertTrue(child.waitFor(5, TimeUnit.MINUTES), "child did not finish");
    String output = Files.readString(out);
    assertEquals(0, child.exitValue(), output);
    assertTrue(output.contains("OK " + EVENTS + " events after restart"), output);
  }

  /** Runs in the small-heap JVM. */
  public static final class Child {
    private Child() {}

    public static void main(String[] args) throws Exception {
      Path root = Path.of(args[0]);
      FileChannelConfig config = FileChannelConfig.of(root.resolve("checkpoint"),
          List.of(root.resolve("data")), 1_000_000, 1000, Duration.ofMillis(20));
      FileChannel ch = open(config);
      byte[] body = new byte[BODY];
      for (int i = 0; i < EVENTS; i += 1000) {
        try (Transaction tx = ch.getTransaction()) {
          tx.begin();
          for (int k = 0; k < 1000; k++) {
            tx.put(Event.of(body));
          }
          tx.commit();
        }
      }
      ch.stop();
      ch = open(config);
      long size = ch.size();
      try (Transaction tx = ch.getTransaction()) {
        tx.begin();
        if (tx.take(1000).size() != 1000) {
          throw new IllegalStateException("could not read back");
        }
        tx.rollback();
      }
      ch.stop();
      System.out.println("OK " + size + " events after restart");
    }

    private static FileChannel open(FileChannelConfig config) throws Exception {
      FileChannel ch = new FileChannel(config,
          DefaultComponentContext.builder("mem", "c1", new MetricsRegistry().group("c1")).build());
      ch.start();
      return ch;
    }
  }
}
