package io.sluice.edge.exec;

import io.sluice.api.ChannelException;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns the lines of one child run into batches (full at {@code batchSize}, or
 * {@code batchTimeout} after the batch's first line) and commits each through the channel
 * processor. A refused batch is kept and offered again with a doubling backoff, for as long as it
 * takes: meanwhile nothing is taken from the handoff, which is what makes the child block. Once
 * the source is stopping it keeps trying only until the stop's flush bound, then counts what it
 * gives up. Runs on the source's exec thread; not thread-safe.
 */
final class LineBatcher {
  private static final Logger LOG = LoggerFactory.getLogger(LineBatcher.class);
  private final String source;
  private final ExecSourceConfig config;
  private final ExecTimings timings;
  private final ChannelProcessor processor;
  private final ExecCounters counters;
  private final StopSignal stop;
  private final RefusalLog refusals;
  private volatile boolean blocked;
  private long givenUp; // lines of the current run given up at stop

  LineBatcher(String source, ExecSourceConfig config, ExecTimings timings, ChannelProcessor processor,
      ExecCounters counters, StopSignal stop) {
    this.source = source;
    this.config = config;
    this.timings = timings;
    this.processor = processor;
    this.counters = counters;
    this.stop = stop;
    this.refusals = new RefusalLog(LOG, source);
  }

  /** True while a refused batch waits to be offered again (the child is being held back). */
  boolean isBlocked() {
    return blocked;
  }

  /**
   * Commits every line of the run up to its end marker. Returns early only when interrupted (a stop
   * that gave up waiting); the lines not committed are then counted as dropped.
   */
  void deliverAll(Handoff handoff) {
    List<Event> batch = new ArrayList<>(config.batchSize());
    long flushAt = 0;
    givenUp = 0;
    try {
      while (true) {
        byte[] line = batch.isEmpty() ? handoff.take() : handoff.poll(flushAt - System.nanoTime());
        if (line == null) {
          deliver(batch); // batchTimeout passed
          continue;
        }
        if (handoff.isEnd(line)) {
          deliver(batch);
          return;
        }
        if (batch.isEmpty()) {
          flushAt = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(config.batchTimeoutMillis());
        }
        batch.add(Event.of(line));
        if (batch.size() >= config.batchSize()) {
          deliver(batch);
        }
      }
    } catch (InterruptedException e) {
      givenUp += batch.size() + handoff.drain().size();
      Thread.currentThread().interrupt();
    } finally {
      blocked = false;
      if (givenUp > 0) {
        counters.droppedOnStop.add(givenUp);
        LOG.warn("Source {}: stopping, gave up {} line(s) read from the command that the channel still "
            + "refused when the stop's flush bound ({} ms) ran out (ExecEventDroppedOnStopCount)", source, givenUp,
            timings.stopFlushMillis());
      }
    }
  }

  /** Commits the batch (empty: nothing to do), retrying refusals; always leaves it empty. */
  private void deliver(List<Event> batch) throws InterruptedException {
    if (batch.isEmpty()) {
      return;
    }
    counters.batchReceived.increment();
    long delay = timings.retryInitialMillis();
    while (true) {
      try {
        processor.processEventBatch(batch);
        counters.eventAccepted.add(batch.size());
        counters.batchAccepted.increment();
        refusals.accepted();
        blocked = false;
        batch.clear();
        return;
      } catch (ChannelException e) {
        counters.channelWriteFail.increment();
        refusals.refused(e);
      } catch (RuntimeException e) {
        // An interceptor or selector failing is retried too: losing the lines is never the answer.
        counters.genericProcessingFail.increment();
        refusals.refused(e);
      }
      blocked = true;
      if (!waitBeforeRetry(delay)) {
        givenUp += batch.size();
        batch.clear();
        return;
      }
      delay = Math.min(delay * 2, timings.retryMaxMillis());
    }
  }

  /** Waits before the next attempt; false when the source is stopping and its flush bound is spent. */
  private boolean waitBeforeRetry(long delayMillis) throws InterruptedException {
    if (!stop.isFired()) {
      // A stop cuts the wait short, so the batch gets one more try at once within the flush bound.
      stop.sleep(delayMillis);
      if (Thread.interrupted()) {
        throw new InterruptedException();
      }
      return true;
    }
    long leftNanos = TimeUnit.MILLISECONDS.toNanos(timings.stopFlushMillis()) - stop.nanosSinceFired();
    if (leftNanos <= 0) {
      return false;
    }
    TimeUnit.NANOSECONDS.sleep(Math.min(leftNanos, TimeUnit.MILLISECONDS.toNanos(delayMillis)));
    return true;
  }
}
