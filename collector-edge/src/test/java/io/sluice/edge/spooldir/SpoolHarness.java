package io.sluice.edge.spooldir;

import static org.junit.jupiter.api.Assertions.fail;

import io.sluice.api.ChannelException;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.Status;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.testutil.Configs;
import io.sluice.core.testutil.MutableClock;
import io.sluice.core.testutil.TestChannelProcessor;
import io.sluice.core.testutil.TestQueueChannel;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds spooldir sources over one directory the way the runtime does (factory, typed config,
 * context) and steps them without threads. Sources made one after the other share the channel and
 * the metrics, as a restarted agent would.
 */
final class SpoolHarness implements AutoCloseable {
  final Path dir;
  final MetricsRegistry metrics = new MetricsRegistry();
  final MutableClock clock = new MutableClock(1_000_000L);
  final TestQueueChannel channel;
  final FlakyProcessor processor;
  SpoolDirectorySource source;
  private long nextModified = 1_600_000_000_000L;

  SpoolHarness(Path dir) {
    this(dir, 1_000_000);
  }

  SpoolHarness(Path dir, long capacity) {
    this.dir = dir;
    this.channel = new TestQueueChannel("c1", capacity);
    this.processor = new FlakyProcessor(new TestChannelProcessor(channel));
  }

  /** Configures (through the factory, as the runtime does), creates and starts a new source. */
  SpoolDirectorySource start(Map<String, String> extra) throws Exception {
    if (source != null) {
      source.stop();
    }
    source = create(extra);
    source.start();
    return source;
  }

  SpoolDirectorySource create(Map<String, String> extra) {
    Map<String, String> raw = new HashMap<>();
    raw.put("spoolDir", dir.toString());
    raw.put("pollDelay", "10");
    raw.putAll(extra);
    SpoolDirectorySourceFactory f = new SpoolDirectorySourceFactory();
    return (SpoolDirectorySource) f.create(Configs.configure(f, raw),
        DefaultComponentContext.builder("a1", "r1", metrics.group("SOURCE.r1")).clock(clock)
            .channelProcessor(processor).build());
  }

  /** Steps the source until it backs off (idle, or a refused batch); fails if it never does. */
  int runUntilBackoff() {
    for (int steps = 1; steps <= 10_000; steps++) {
      if (source.process() == Status.BACKOFF) {
        return steps;
      }
    }
    fail("the source never went idle");
    return -1;
  }

  /** Writes a file with a distinct, increasing modification time (so "oldest" order is the write order). */
  Path write(String relative, String content) throws IOException {
    return write(relative, content.getBytes(StandardCharsets.UTF_8));
  }

  Path write(String relative, byte[] content) throws IOException {
    Path p = dir.resolve(relative);
    Files.createDirectories(p.getParent());
    Files.write(p, content);
    Files.setLastModifiedTime(p, FileTime.fromMillis(nextModified += 1000));
    return p;
  }

  List<Event> drain() {
    return channel.drain();
  }

  List<String> drainBodies() {
    return bodies(channel.drain());
  }

  static List<String> bodies(List<Event> events) {
    List<String> out = new ArrayList<>();
    events.forEach(e -> out.add(new String(e.getBody(), StandardCharsets.UTF_8)));
    return out;
  }

  long counter(String name) {
    return metrics.value("SOURCE.r1", name);
  }

  static List<String> lines(String prefix, int count) {
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= count; i++) {
      out.add(prefix + i);
    }
    return out;
  }

  static String text(List<String> lines) {
    return String.join("\n", lines) + "\n";
  }

  @Override
  public void close() {
    if (source != null) {
      source.stop();
    }
  }

  /** A channel processor that can be told to refuse batches, as a full or broken channel would. */
  static final class FlakyProcessor implements ChannelProcessor {
    private final ChannelProcessor delegate;
    private volatile int acceptBeforeFailing = Integer.MAX_VALUE;
    private volatile int accepted;
    private volatile int refused;

    FlakyProcessor(ChannelProcessor delegate) {
      this.delegate = delegate;
    }

    /** Accept {@code n} more batches, then refuse every one. */
    void failAfter(int n) {
      accepted = 0;
      acceptBeforeFailing = n;
    }

    void heal() {
      acceptBeforeFailing = Integer.MAX_VALUE;
    }

    int refused() {
      return refused;
    }

    @Override
    public void processEvent(Event event) {
      processEventBatch(List.of(event));
    }

    @Override
    public synchronized void processEventBatch(List<Event> events) {
      if (accepted >= acceptBeforeFailing) {
        refused++;
        throw new ChannelException("test: channel refuses the batch");
      }
      delegate.processEventBatch(events);
      accepted++;
    }
  }
}
