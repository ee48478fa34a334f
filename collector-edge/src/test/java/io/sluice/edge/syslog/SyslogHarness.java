package io.sluice.edge.syslog;

import io.sluice.api.Channel;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.EventDrivenSource;
import io.sluice.api.Transaction;
import io.sluice.api.spi.SourceFactory;
import io.sluice.core.channel.memory.MemoryChannelFactory;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.processing.DefaultChannelProcessor;
import io.sluice.core.processing.selector.ReplicatingChannelSelector;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.testutil.Configs;
import io.sluice.core.testutil.TestChannelProcessor;
import io.sluice.core.testutil.TestQueueChannel;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * One syslog source under test, made by its factory from raw keys, in front of a
 * {@link TestQueueChannel} of the given capacity. Each harness has its own component name so
 * thread checks never see another test's threads.
 */
final class SyslogHarness implements AutoCloseable {
  final String component = "syslog" + Long.toHexString(System.nanoTime());
  final String group = "SOURCE." + component;
  final TestQueueChannel channel;
  final MetricsRegistry metrics = new MetricsRegistry();
  final EventDrivenSource source;
  private final List<Event> taken = new ArrayList<>();

  SyslogHarness(SourceFactory<SyslogSourceConfig> factory, long capacity, Map<String, String> raw,
      Clock clock) throws Exception {
    this(factory, new TestQueueChannel("c1", capacity), null, raw, clock);
  }

  /** A source that puts through {@code processor}; {@link #take} reads {@code channel}. */
  SyslogHarness(SourceFactory<SyslogSourceConfig> factory, TestQueueChannel channel,
      ChannelProcessor processor, Map<String, String> raw, Clock clock) throws Exception {
    this.channel = channel;
    DefaultComponentContext ctx = DefaultComponentContext.builder("a1", component, metrics.group(group))
        .channelProcessor(processor != null ? processor : new TestChannelProcessor(channel))
        .clock(clock).build();
    source = (EventDrivenSource) factory.create(Configs.configure(factory, raw), ctx);
  }

  SyslogHarness(SourceFactory<SyslogSourceConfig> factory, Map<String, String> raw) throws Exception {
    this(factory, 100_000, raw, Clock.systemUTC());
  }

  /**
   * A source in front of a started memory channel with {@code transactionCapacity} (Flume's syslog
   * sources put one event per transaction), through the agent's channel processor.
   */
  static SyslogHarness overMemoryChannel(SourceFactory<SyslogSourceConfig> factory,
      Channel memory, Map<String, String> raw) throws Exception {
    MetricsRegistry m = new MetricsRegistry();
    return new SyslogHarness(factory, new TestQueueChannel("unused", 1),
        new DefaultChannelProcessor("r1", new ReplicatingChannelSelector(List.of(memory),
            List.of()), List.of(), m.group("SOURCE.r1")), raw, Clock.systemUTC());
  }

  /**
   * June 20th 2024 on a clock whose zone is 14 hours from the JVM's (the agent clock's zone must
   * not be the one zone-less stamps are read in).
   */
  static Clock clockAwayFromJvmZone() {
    boolean jvmAtPlus14 = ZoneId.systemDefault().getRules().getOffset(Instant.now())
        .getTotalSeconds() == 14 * 3600;
    return Clock.fixed(Instant.parse("2024-06-20T00:00:00Z"),
        ZoneId.of(jvmAtPlus14 ? "UTC" : "Pacific/Kiritimati"));
  }

  /** The timestamp header Flume gives {@code Jun 15 11:00:00} in June 2024: the JVM's zone. */
  static String june15At11InJvmZone() {
    return String.valueOf(LocalDateTime.parse("2024-06-15T11:00:00").atZone(ZoneId.systemDefault())
        .toInstant().toEpochMilli());
  }

  static Channel memoryChannel(int capacity, int transactionCapacity) throws Exception {
    return memoryChannel(Map.of("capacity", "" + capacity,
        "transactionCapacity", "" + transactionCapacity));
  }

  /** A started memory channel with these Flume keys. */
  static Channel memoryChannel(Map<String, String> keys) throws Exception {
    MemoryChannelFactory f = new MemoryChannelFactory();
    Channel c = f.create(Configs.configure(f, keys), DefaultComponentContext.builder("a1",
        "c1", new MetricsRegistry().group("CHANNEL.c1")).build());
    c.start();
    return c;
  }

  /** Takes {@code n} events from {@code memory}, in order, ten per transaction. */
  static List<Event> takeAll(Channel memory, int n) {
    List<Event> got = new ArrayList<>();
    while (got.size() < n) {
      try (Transaction tx = memory.getTransaction()) {
        tx.begin();
        got.addAll(tx.take(Math.min(10, n - got.size())));
        tx.commit();
      }
    }
    return got;
  }

  SyslogHarness start() throws Exception {
    source.start();
    return this;
  }

  int port() {
    return source instanceof SyslogTcpSource t ? t.boundPorts().get(0) : ((SyslogUdpSource) source).boundPort();
  }

  long metric(String name) {
    return metrics.value(group, name);
  }

  /** Moves what the channel holds to this harness's list and returns how many were taken so far. */
  synchronized int take() {
    taken.addAll(channel.drain());
    return taken.size();
  }

  synchronized List<Event> events() {
    take();
    return List.copyOf(taken);
  }

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
