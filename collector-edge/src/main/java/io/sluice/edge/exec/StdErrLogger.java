package io.sluice.edge.exec;

import java.io.IOException;
import java.io.InputStream;
import java.util.function.LongSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs one child's stderr at INFO, line by line, at most {@link #LINES_PER_WINDOW} lines per
 * second; the rest are counted and summed up in one line when the next second starts, so a chatty
 * command cannot flood the agent's log. Reading never stops, so the child never blocks on stderr.
 * Runs on its own thread, one per child run.
 */
final class StdErrLogger implements Runnable {
  static final int LINES_PER_WINDOW = 50;
  private static final long WINDOW_NANOS = 1_000_000_000L;
  private static final Logger LOG = LoggerFactory.getLogger(StdErrLogger.class);
  private final String source;
  private final InputStream stderr;
  private final ExecSourceConfig config;
  private final ExecCounters counters;
  private final LongSupplier nanoTime;
  private long windowStart;
  private int loggedInWindow;
  private long suppressedInWindow;

  StdErrLogger(String source, InputStream stderr, ExecSourceConfig config, ExecCounters counters,
      LongSupplier nanoTime) {
    this.source = source;
    this.stderr = stderr;
    this.config = config;
    this.counters = counters;
    this.nanoTime = nanoTime;
  }

  @Override
  public void run() {
    LineDecoder lines = new LineDecoder(stderr, config.charset(), config.maxLineLength());
    windowStart = nanoTime.getAsLong();
    try {
      LineDecoder.Line line;
      while ((line = lines.next()) != null) {
        log(line.text());
      }
    } catch (IOException e) {
      LOG.debug("Source {}: stderr of the command ended with {}", source, e.toString());
    }
    reportSuppressed();
  }

  private void log(String line) {
    counters.stdErrLines.increment();
    long now = nanoTime.getAsLong();
    if (now - windowStart >= WINDOW_NANOS) {
      reportSuppressed();
      windowStart = now;
      loggedInWindow = 0;
    }
    if (loggedInWindow < LINES_PER_WINDOW) {
      loggedInWindow++;
      LOG.info("Source {} stderr: {}", source, line);
    } else {
      suppressedInWindow++;
      counters.stdErrLinesSuppressed.increment();
    }
  }

  private void reportSuppressed() {
    if (suppressedInWindow > 0) {
      LOG.info("Source {} stderr: {} more line(s) not logged (over {} lines/s)", source, suppressedInWindow,
          LINES_PER_WINDOW);
      suppressedInWindow = 0;
    }
  }
}
