package io.sluice.deploy.quickstart;

import io.sluice.core.runtime.NamedThreadFactory;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * The launcher's end of the cluster host's control channel: commands go to the host's standard
 * input, one per line and numbered; its standard error comes back through a pipe that one thread
 * reads, handing the answer lines ({@code @control <n> ok|error <text>}) to {@link #call} and
 * appending every other line to the host's log. The thread ends when the host's standard error
 * ends (it exited). Thread-safe: calls are serialised.
 */
final class HostControl {
  private static final String EOF = "";
  private final Process process;
  private final BlockingQueue<String> replies = new LinkedBlockingQueue<>();
  private volatile IOException pumpFailure;
  private long sequence;

  /** Starts reading the host's standard error; lines other than answers go to {@code log}. */
  HostControl(Process process, Path log, String name) {
    this.process = process;
    new NamedThreadFactory(name + "-output").newThread(() -> pump(log)).start();
  }

  private void pump(Path log) {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(process.getErrorStream(),
            StandardCharsets.UTF_8));
        Writer w = Files.newBufferedWriter(log, StandardCharsets.UTF_8,
            StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        if (line.startsWith(ClusterHost.REPLY + " ")) {
          replies.add(line.substring(ClusterHost.REPLY.length() + 1));
        } else {
          w.write(line);
          w.write('\n');
          w.flush();
        }
      }
    } catch (IOException e) {
      pumpFailure = e; // the host's output or our log failed: calls report it
    } finally {
      replies.add(EOF);
    }
  }

  /**
   * Sends one command and waits for its answer.
   *
   * @return the answer's text after {@code ok}
   * @throws IOException with the host's error text, or when it does not answer in time or exited
   */
  synchronized String call(String command, Duration timeout)
      throws IOException, InterruptedException {
    long n = ++sequence;
    OutputStream in = process.getOutputStream();
    in.write((n + " " + command + "\n").getBytes(StandardCharsets.UTF_8));
    in.flush();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (true) {
      String reply = replies.poll(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
      if (reply == null) {
        throw new IOException("the cluster host did not answer '" + command + "' within "
            + timeout.toSeconds() + " s");
      }
      if (reply.equals(EOF)) {
        replies.add(EOF); // every later call fails at once too
        throw new IOException(pumpFailure == null
            ? "the cluster host exited before answering '" + command + "'"
            : "cannot read the cluster host's output: " + pumpFailure, pumpFailure);
      }
      String[] parts = reply.split(" ", 3);
      if (parts.length == 3 && parts[0].equals(Long.toString(n))) {
        if (parts[1].equals("ok")) {
          return parts[2];
        }
        throw new IOException("cluster host: " + parts[2]);
      }
      // an answer to an earlier command that timed out: skip it
    }
  }
}
