package io.sluice.edge.exec;

import io.sluice.api.Event;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.testutil.Configs;
import io.sluice.core.testutil.TestChannelProcessor;
import io.sluice.core.testutil.TestQueueChannel;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One exec source under test: a real child process, a {@link TestQueueChannel} of the given
 * capacity, the agent's metrics registry. Each harness gets its own component name so thread-name
 * checks never see another test's threads.
 */
final class ExecHarness implements AutoCloseable {
  final String component = "exec" + Long.toHexString(System.nanoTime());
  final String group = "SOURCE." + component;
  final TestQueueChannel channel;
  final MetricsRegistry metrics = new MetricsRegistry();
  final ExecSource source;
  private final List<Event> taken = new ArrayList<>();

  ExecHarness(long capacity, Map<String, String> raw) {
    this(capacity, raw, ExecTimings.DEFAULTS);
  }

  ExecHarness(long capacity, Map<String, String> raw, ExecTimings timings) {
    channel = new TestQueueChannel("c1", capacity);
    ExecSourceFactory f = new ExecSourceFactory();
    DefaultComponentContext ctx = DefaultComponentContext.builder("a1", component, metrics.group(group))
        .channelProcessor(new TestChannelProcessor(channel)).build();
    source = new ExecSource(component, Configs.configure(f, raw), timings, ctx.channelProcessor(),
        new ExecCounters(ctx.metrics()), ctx::threadFactory);
  }

  ExecHarness start() {
    source.start();
    return this;
  }

  long metric(String name) {
    return metrics.value(group, name);
  }

  /** Moves what the channel holds into this harness's list of taken events and returns their count. */
  synchronized int take() {
    taken.addAll(channel.drain());
    return taken.size();
  }

  synchronized List<String> bodies(Charset charset) {
    take();
    List<String> out = new ArrayList<>();
    taken.forEach(e -> out.add(new String(e.getBody(), charset)));
    return out;
  }

  List<String> bodies() {
    return bodies(StandardCharsets.UTF_8);
  }

  synchronized List<byte[]> rawBodies() {
    take();
    return taken.stream().map(Event::getBody).toList();
  }

  /** Threads of this source still alive. */
  List<String> liveThreads() {
    String prefix = "a1-" + component + "-";
    return Thread.getAllStackTraces().keySet().stream().filter(Thread::isAlive).map(Thread::getName)
        .filter(n -> n.startsWith(prefix)).toList();
  }

  @Override
  public void close() {
    source.stop();
  }
}
