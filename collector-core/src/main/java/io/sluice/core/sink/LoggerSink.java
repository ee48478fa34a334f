package io.sluice.core.sink;

import io.sluice.api.Channel;
import io.sluice.api.Event;
import io.sluice.api.spi.ComponentMetrics;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Logs every event at INFO (headers and a body prefix, see {@link EventDump}). Flume's logger sink
 * takes one event per transaction; this one takes up to {@code batchSize} (100) for speed, which
 * only changes how many log lines one transaction covers. Runner-thread confined.
 */
public final class LoggerSink extends BatchSink {
  private static final Logger LOG = LoggerFactory.getLogger(LoggerSink.class);
  private final int maxBytesToLog;

  public LoggerSink(String name, Channel channel, LoggerSinkConfig config, ComponentMetrics metrics) {
    super(name, channel, config.batchSize(), metrics);
    this.maxBytesToLog = config.maxBytesToLog();
  }

  @Override
  protected void deliver(List<Event> batch) {
    if (!LOG.isInfoEnabled()) {
      return;
    }
    for (Event e : batch) {
      LOG.info("{}", EventDump.dump(e, maxBytesToLog));
    }
  }
}
