package io.sluice.core.source;

import io.sluice.api.ChannelException;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.PollableSource;
import io.sluice.api.Status;
import io.sluice.core.runner.FailureLog;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Paced demo log lines, {@code rate} per second: {@code "<prefix> <seq> <epochMillis> xxxx..."}
 * padded to {@code eventSize} bytes. The sequence starts at 0 per source and moves only after the
 * channel accepted the batch (like {@code seq}), so a reader can tell exactly which events are
 * missing or duplicated downstream; the timestamp gives end-to-end latency. When the channel
 * refuses events the source falls behind and does not burst to catch up by more than one second
 * of events. Runner-thread confined.
 */
public final class DemoSource implements PollableSource {
  private static final Logger LOG = LoggerFactory.getLogger(DemoSource.class);
  private final String name;
  private final DemoSourceConfig config;
  private final String prefix;
  private final ChannelProcessor channelProcessor;
  private final SourceCounters counters;
  private final Clock clock;
  private final FailureLog failureLog;
  private long startMillis = -1;
  private long next;
  /** Events the pacing already granted before the latest restart of the schedule. */
  private long scheduleBase;

  public DemoSource(String name, DemoSourceConfig config, String prefix,
      ChannelProcessor channelProcessor, SourceCounters counters, Clock clock) {
    this.name = name;
    this.config = config;
    this.prefix = prefix;
    this.channelProcessor = channelProcessor;
    this.counters = counters;
    this.clock = clock;
    this.failureLog = new FailureLog(LOG, "source " + name);
  }

  @Override
  public Status process() {
    long now = clock.millis();
    if (startMillis < 0) {
      startMillis = now;
    }
    long due = scheduleBase + (now - startMillis) * config.rate() / 1000 - next;
    if (due > config.rate()) {
      // Fell behind by more than a second (channel full): keep the rate, forget the debt.
      startMillis = now;
      scheduleBase = next;
      due = 0;
    }
    long count = Math.min(Math.min(due, config.batchSize()), config.totalEvents() - next);
    if (count <= 0) {
      return Status.BACKOFF;
    }
    List<Event> batch = new ArrayList<>((int) count);
    for (long i = 0; i < count; i++) {
      batch.add(Event.of(body(next + i, now)));
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

  private byte[] body(long seq, long now) {
    StringBuilder b = new StringBuilder(config.eventSize());
    b.append(prefix).append(' ').append(seq).append(' ').append(now);
    if (b.length() < config.eventSize()) {
      b.append(' ');
    }
    while (b.length() < config.eventSize()) {
      b.append('x');
    }
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  /** The line a quickstart or drill reads back to know exactly how many events were produced. */
  @Override
  public void stop() {
    LOG.info("Demo source {} stopped: {} events produced (prefix {}, sequence 0..{})", name,
        next, prefix, next - 1);
  }

  /** The next sequence number to be produced (= events the channel accepted). */
  public long nextSequence() {
    return next;
  }

  /**
   * Poll again when a full batch is due, at most every 100 ms: few, larger channel commits (each is
   * an fsync in a file channel) at the same rate.
   */
  @Override
  public long backoffSleepIncrement() {
    return Math.max(1, Math.min(100, (long) config.batchSize() * 1000 / config.rate()));
  }

  @Override
  public long maxBackoffSleep() {
    return backoffSleepIncrement();
  }
}
