package io.sluice.core.source;

import io.sluice.api.ChannelException;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.PollableSource;
import io.sluice.api.Status;
import io.sluice.core.runner.FailureLog;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Emits 0, 1, 2, ... as decimal-text bodies, {@code batchSize} per step, until {@code totalEvents}.
 * The counter moves only after the channel processor accepted the batch; a refused batch
 * ({@link ChannelException}) returns BACKOFF and the same numbers are offered again, so the sequence
 * has no gaps (it can have duplicates only if a channel committed and then reported failure).
 * Returns BACKOFF once all events were produced. Runner-thread confined.
 */
public final class SequenceGeneratorSource implements PollableSource {
  private static final Logger LOG = LoggerFactory.getLogger(SequenceGeneratorSource.class);
  private final SequenceGeneratorSourceConfig config;
  private final ChannelProcessor channelProcessor;
  private final SourceCounters counters;
  private final FailureLog failureLog;
  private long next;

  public SequenceGeneratorSource(
      String name, SequenceGeneratorSourceConfig config, ChannelProcessor channelProcessor, SourceCounters counters) {
    this.config = config;
    this.channelProcessor = channelProcessor;
    this.counters = counters;
    this.failureLog = new FailureLog(LOG, "source " + name);
  }

  @Override
  public Status process() {
    long count = Math.min(config.batchSize(), config.totalEvents() - next);
    if (count <= 0) {
      return Status.BACKOFF;
    }
    List<Event> batch = new ArrayList<>((int) count);
    for (long i = 0; i < count; i++) {
      batch.add(Event.of(Long.toString(next + i).getBytes(StandardCharsets.UTF_8)));
    }
    counters.received(count);
    try {
      channelProcessor.processEventBatch(batch);
    } catch (ChannelException e) {
      failureLog.failed(e);
      return Status.BACKOFF;
    }
    failureLog.succeeded();
    next += count;
    counters.accepted(count);
    return Status.READY;
  }

  /** The next number to be produced. */
  public long nextSequence() {
    return next;
  }

  @Override
  public long backoffSleepIncrement() {
    return config.backoffSleepIncrement();
  }

  @Override
  public long maxBackoffSleep() {
    return config.maxBackoffSleep();
  }
}
