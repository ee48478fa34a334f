package io.sluice.edge.exec;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.Charset;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads one child's stdout line by line into the {@link Handoff} and marks its end. It never
 * touches the channel; blocking on the full handoff is how back-pressure reaches the child.
 * Runs on its own thread, one per child run.
 */
final class StdoutPump implements Runnable {
  private static final Logger LOG = LoggerFactory.getLogger(StdoutPump.class);
  private final String source;
  private final InputStream stdout;
  private final ExecSourceConfig config;
  private final Handoff handoff;
  private final ExecCounters counters;

  StdoutPump(String source, InputStream stdout, ExecSourceConfig config, Handoff handoff, ExecCounters counters) {
    this.source = source;
    this.stdout = stdout;
    this.config = config;
    this.handoff = handoff;
    this.counters = counters;
  }

  @Override
  public void run() {
    try {
      pump();
    } catch (InterruptedException e) {
      // stop() gave up waiting for the committer; the lines still queued are counted there.
      return;
    } catch (IOException | RuntimeException e) {
      counters.eventReadFail.increment();
      LOG.warn("Source {}: reading the command's output failed: {}", source, e.toString());
    } finally {
      // Closing our end makes a command that is still writing get SIGPIPE rather than block forever
      // on a pipe nobody reads; after a normal end of output it changes nothing.
      closeQuietly();
    }
    try {
      handoff.end();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private void pump() throws IOException, InterruptedException {
    Charset charset = config.charset();
    LineDecoder lines = new LineDecoder(stdout, charset, config.maxLineLength());
    boolean warnedTruncation = false;
    LineDecoder.Line line;
    while ((line = lines.next()) != null) {
      if (line.truncated()) {
        counters.linesTruncated.increment();
        if (!warnedTruncation) {
          LOG.warn("Source {}: a line longer than maxLineLength ({} characters) was truncated; "
              + "further truncations of this run are only counted (ExecLineTruncatedCount)",
              source, config.maxLineLength());
          warnedTruncation = true;
        }
      }
      counters.eventReceived.increment();
      handoff.put(line.text().getBytes(charset));
    }
  }

  private void closeQuietly() {
    try {
      stdout.close();
    } catch (IOException e) {
      LOG.debug("Source {}: closing the command's stdout: {}", source, e.toString());
    }
  }
}
