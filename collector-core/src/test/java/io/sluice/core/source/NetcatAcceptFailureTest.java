package io.sluice.core.source;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A netcat source whose process runs out of file descriptors (EMFILE on accept) keeps accepting
 * once descriptors are free again, and logs the episode once. Real: a child JVM under
 * {@code ulimit -n}, which really fills its descriptor table.
 */
class NetcatAcceptFailureTest {

  @Test
  void acceptingRecoversAfterEmfileAndTheEpisodeIsLoggedOnce() throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process child = new ProcessBuilder("bash", "-c", "ulimit -n 400 && exec \"$0\" \"$@\"", java,
        "-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
        NetcatAcceptChild.class.getName())
        .redirectErrorStream(true).start();
    BlockingQueue<String> lines = new LinkedBlockingQueue<>();
    List<String> all = new ArrayList<>();
    Thread reader = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(child.getInputStream(), StandardCharsets.UTF_8))) {
        String line;
        while ((line = r.readLine()) != null) {
          synchronized (all) {
            all.add(line);
          }
          lines.add(line);
        }
      } catch (java.io.IOException ignored) {
        // the child ended
      }
    }, "child-output");
    reader.start();
    try (PrintStream commands = new PrintStream(child.getOutputStream(), true, StandardCharsets.UTF_8)) {
      String portLine = await(lines, "PORT ");
      int port = Integer.parseInt(portLine.substring(portLine.indexOf("PORT ") + 5).trim());
      commands.println("FILL");
      await(lines, "FULL");
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.setSoTimeout(20_000);
        OutputStream out = s.getOutputStream();
        out.write("after the fill\n".getBytes(StandardCharsets.UTF_8));
        await(lines, "cannot accept connections"); // the source tried, failed and logged it
        Thread.sleep(1500); // several failed accepts with backoff; none may be logged again
        commands.println("RELEASE");
        // the source may accept and deliver before the child gets to print RELEASED
        assertEquals("EVENT after the fill", awaitBoth(lines, "RELEASED", "EVENT "));
        assertEquals('O', s.getInputStream().read(), "acked once accepted");
      }
      // and a fresh client is served too
      try (Socket s = new Socket("127.0.0.1", port)) {
        s.setSoTimeout(20_000);
        s.getOutputStream().write("later\n".getBytes(StandardCharsets.UTF_8));
        assertEquals("EVENT later", await(lines, "EVENT "));
      }
    } finally {
      child.destroy();
      child.waitFor(10, TimeUnit.SECONDS);
      reader.join(5000);
    }
    List<String> log;
    synchronized (all) {
      log = List.copyOf(all);
    }
    long warned = log.stream().filter(l -> l.contains("cannot accept connections")).count();
    long recovered = log.stream().filter(l -> l.contains("accepting connections again")).count();
    assertEquals(1, warned, () -> "one WARN per episode:\n" + String.join("\n", log));
    assertEquals(1, recovered, () -> String.join("\n", log));
    assertTrue(log.stream().noneMatch(l -> l.contains("exceptionCaught")), "Netty's own per-failure log stays quiet");
  }

  /**
   * Waits for a line containing {@code either} and one containing {@code text}, in any order, and
   * returns the latter from {@code text} on: {@link #await} would drop a {@code text} line that
   * came first.
   */
  private static String awaitBoth(BlockingQueue<String> lines, String either, String text)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    boolean sawEither = false;
    String found = null;
    while (System.nanoTime() < deadline && (!sawEither || found == null)) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line == null) {
        continue;
      }
      sawEither |= line.contains(either);
      if (found == null && line.contains(text)) {
        found = line.substring(line.indexOf(text));
      }
    }
    if (!sawEither || found == null) {
      throw new AssertionError("the child printed no line with '" + (sawEither ? text : either) + "' within 20 s");
    }
    return found;
  }

  /** The next line of the child that contains {@code text}. */
  private static String await(BlockingQueue<String> lines, String text) throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (System.nanoTime() < deadline) {
      String line = lines.poll(100, TimeUnit.MILLISECONDS);
      if (line != null && line.contains(text)) {
        return line.substring(line.indexOf(text));
      }
    }
    throw new AssertionError("the child printed no line with '" + text + "' within 20 s");
  }
}
