package io.sluice.deploy.quickstart;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;

/**
 * Reads a {@link LogWriter}'s standard input, one command a line, and applies it:
 * {@code rotate-every MILLIS} (0: stop rotating). The end of the input (the launcher closed it, or
 * died) stops the writer. Its thread, {@code log-writer-control}, ends at the end of the input;
 * it is a daemon so that a writer stopped by SIGTERM does not wait for its launcher.
 */
final class WriterCommands {
  private final InputStream in;
  private final LogWriter writer;
  private final PrintStream log;
  private final Thread thread;

  WriterCommands(InputStream in, LogWriter writer, PrintStream log) {
    this.in = in;
    this.writer = writer;
    this.log = log;
    this.thread = new Thread(this::readAll, "log-writer-control");
    this.thread.setDaemon(true);
  }

  void start() {
    thread.start();
  }

  private void readAll() {
    try (BufferedReader r = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      for (String line = r.readLine(); line != null; line = r.readLine()) {
        apply(line.trim());
      }
    } catch (IOException e) {
      log.println(Instant.now() + " cannot read commands (" + e + "); stopping");
    } finally {
      writer.stop();
    }
  }

  /** Applies one command line; an unknown one is logged and ignored. */
  void apply(String line) {
    String[] words = line.split("\\s+");
    if (words.length == 2 && words[0].equals("rotate-every")) {
      try {
        long millis = Long.parseLong(words[1]);
        if (millis >= 0) {
          writer.rotateEvery(Duration.ofMillis(millis));
          return;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
    }
    if (!line.isEmpty()) {
      log.println(Instant.now() + " unknown command '" + line + "' (rotate-every MILLIS)");
    }
  }
}
