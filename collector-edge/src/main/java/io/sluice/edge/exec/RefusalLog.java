package io.sluice.edge.exec;

import io.sluice.api.ChannelException;
import java.util.function.LongSupplier;
import org.slf4j.Logger;

/**
 * Logs refused batches by state, not by volume. A full channel is expected back-pressure, so it
 * gets one WARN line without a stack trace (other errors get theirs) at most every
 * {@code quietMillis}; the retries in between go to DEBUG, and the first acceptance after a warned
 * streak is logged at INFO. Not thread-safe: owned by the committing thread.
 */
final class RefusalLog {
  private final Logger log;
  private final String source;
  private final long quietNanos;
  private final LongSupplier nanoTime;
  private long streak;
  private boolean warned;
  private long lastWarnNanos;
  private boolean everWarned;

  RefusalLog(Logger log, String source, long quietMillis, LongSupplier nanoTime) {
    this.log = log;
    this.source = source;
    this.quietNanos = quietMillis * 1_000_000L;
    this.nanoTime = nanoTime;
  }

  RefusalLog(Logger log, String source) {
    this(log, source, 30_000, System::nanoTime);
  }

  void refused(RuntimeException e) {
    streak++;
    long now = nanoTime.getAsLong();
    if (everWarned && now - lastWarnNanos < quietNanos) {
      log.debug("Source {}: batch refused ({} in a row): {}", source, streak, e.toString());
      return;
    }
    everWarned = true;
    warned = true;
    lastWarnNanos = now;
    String what = "Source {}: batch refused ({} in a row), holding the command's output back and retrying: {}";
    if (e instanceof ChannelException) {
      log.warn(what, source, streak, e.getMessage());
    } else {
      log.warn(what, source, streak, e.toString(), e);
    }
  }

  void accepted() {
    if (warned) {
      log.info("Source {}: batch accepted again after {} refusal(s)", source, streak);
    }
    warned = false;
    streak = 0;
  }
}
