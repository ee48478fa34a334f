package io.sluice.core.avro;

import io.sluice.api.Channel;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.Transaction;
import io.sluice.core.channel.memory.MemoryChannelFactory;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.testutil.Configs;
import io.sluice.core.testutil.TestChannelProcessor;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Builds Avro sources and sinks over real memory channels from Flume-style keys. Global TLS
 * settings come from {@link #globals}: none unless a test sets it, so no test depends on the
 * JVM's properties or the machine's environment.
 */
final class AvroFixture implements AutoCloseable {
  final MetricsRegistry metrics = new MetricsRegistry();
  private final List<AutoCloseable> toStop = new ArrayList<>();
  GlobalTlsSettings globals = new GlobalTlsSettings(name -> null, name -> null);

  Channel memoryChannel(String name, int capacity, int transactionCapacity) throws Exception {
    MemoryChannelFactory f = new MemoryChannelFactory();
    Channel c = f.create(Configs.configure(f, Map.of("capacity", "" + capacity,
            "transactionCapacity", "" + transactionCapacity, "keep-alive", "0")),
        DefaultComponentContext.builder("a1", name, metrics.group("CHANNEL." + name)).build());
    c.start();
    toStop.add(c::stop);
    return c;
  }

  AvroSource source(String name, Channel channel, Map<String, String> extra) throws Exception {
    return source(name, new TestChannelProcessor(channel), extra);
  }

  AvroSource source(String name, ChannelProcessor channels, Map<String, String> extra)
      throws Exception {
    Map<String, String> raw = new HashMap<>(Map.of("bind", "127.0.0.1", "port", "0"));
    raw.putAll(extra);
    AvroSourceFactory f = new AvroSourceFactory(globals);
    AvroSource s = (AvroSource) f.create(Configs.configure(f, raw),
        DefaultComponentContext.builder("a1", name, metrics.group("SOURCE." + name))
            .channelProcessor(channels).build());
    s.start();
    toStop.add(s::stop);
    return s;
  }

  AvroSink sink(String name, Channel channel, int port, Map<String, String> extra, Clock clock)
      throws Exception {
    Map<String, String> raw = new HashMap<>(Map.of("hostname", "127.0.0.1", "port", "" + port));
    raw.putAll(extra);
    AvroSinkFactory f = new AvroSinkFactory(globals);
    AvroSink s = (AvroSink) f.create(Configs.configure(f, raw),
        DefaultComponentContext.builder("a1", name, metrics.group("SINK." + name))
            .channel(channel).clock(clock).build());
    s.start();
    toStop.add(s::stop);
    return s;
  }

  long value(String group, String counter) {
    return metrics.value(group, counter);
  }

  static void put(Channel c, List<Event> events) {
    try (Transaction tx = c.getTransaction()) {
      tx.begin();
      tx.putAll(events);
      tx.commit();
    }
  }

  static List<Event> drain(Channel c, int max) {
    try (Transaction tx = c.getTransaction()) {
      tx.begin();
      List<Event> out = tx.take(max);
      tx.commit();
      return out;
    }
  }

  /** Events {@code from..to-1}: body "e<i>", headers with an index, unicode and an empty value. */
  static List<Event> events(int from, int to) {
    List<Event> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      Map<String, String> h = new LinkedHashMap<>();
      h.put("i", Integer.toString(i));
      h.put("ünï", "välue-" + i);
      h.put("empty", "");
      out.add(Event.of(h, ("e" + i).getBytes(StandardCharsets.UTF_8)));
    }
    return out;
  }

  static String body(Event e) {
    return new String(e.getBody(), StandardCharsets.UTF_8);
  }

  @Override
  public void close() {
    for (int i = toStop.size() - 1; i >= 0; i--) {
      try {
        toStop.get(i).close();
      } catch (Exception e) {
        throw new IllegalStateException(e);
      }
    }
  }
}
