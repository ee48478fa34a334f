package io.sluice.core.sink;

import io.sluice.api.Channel;
import io.sluice.api.Event;
import io.sluice.api.spi.ComponentMetrics;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Writes events through the {@code sink.serializer} (TEXT: the body plus an optional newline) to
 * files in a directory, starting a new file every {@code sink.rollInterval} seconds. Each batch is flushed and forced to
 * disk before the channel transaction commits, so a committed take is on disk, and the file's
 * length then is recorded so that the next start cuts off a batch a kill tore ({@link CommittedLength}).
 *
 * <p>The roll is checked at the start of every {@code process()} on the context's clock (the runner
 * calls it at least every few seconds, even with an empty channel), rather than by a timer thread.
 * Unlike Flume, a file is opened only when there is something to write, so idle periods leave no
 * empty files. {@link #stop()} closes the current file. Runner-thread confined except {@code stop()}.
 */
public final class RollingFileSink extends BatchSink {
  private static final Logger LOG = LoggerFactory.getLogger(RollingFileSink.class);
  private final Path directory;
  private final RollingFile file;

  public RollingFileSink(
      String name, Channel channel, RollingFileSinkConfig config, Clock clock, ComponentMetrics metrics) {
    super(name, channel, config.batchSize(), metrics);
    this.directory = config.directory();
    FileNamer namer = new FileNamer(directory, config.prefix(), config.extension(), clock.millis());
    this.file = new RollingFile(namer, clock, config.rollIntervalSeconds() * 1000,
        config.serializer(), new CommittedLength(name, directory));
  }

  @Override
  public void start() throws IOException {
    try {
      Files.createDirectories(directory);
    } catch (IOException e) {
      throw new IOException("sink " + name() + ": cannot create sink.directory " + directory + ": " + e, e);
    }
    file.recover(directory);
  }

  @Override
  protected void beforeBatch() throws IOException {
    file.rollIfDue();
  }

  @Override
  protected void deliver(List<Event> batch) throws IOException {
    for (Event e : batch) {
      file.write(e);
    }
    file.sync();
  }

  @Override
  public void stop() {
    try {
      file.close();
    } catch (IOException e) {
      LOG.error("Sink {}: closing {} failed; events already committed were forced to disk", name(),
          directory, e);
    }
  }

  /** The file being written, or null when none is open. */
  public Path currentFile() {
    return file.current();
  }
}
