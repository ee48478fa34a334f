package io.sluice.it.avro;

import io.sluice.api.Channel;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.Transaction;
import io.sluice.api.spi.ComponentFactory;
import io.sluice.core.avro.AvroSink;
import io.sluice.core.avro.AvroSinkFactory;
import io.sluice.core.avro.AvroSource;
import io.sluice.core.avro.AvroSourceFactory;
import io.sluice.core.channel.memory.MemoryChannelFactory;
import io.sluice.core.config.ConfigParser;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.processing.DefaultChannelProcessor;
import io.sluice.core.processing.selector.ReplicatingChannelSelector;
import io.sluice.core.runtime.DefaultComponentContext;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Sluice Avro sources and sinks over memory channels, built from Flume-style keys as the runtime
 * would. Closes everything it made. Not thread-safe.
 */
final class SluiceAvroEndpoint implements AutoCloseable {
  final MetricsRegistry metrics = new MetricsRegistry();
  private final List<Runnable> stops = new ArrayList<>();

  static <C> C configure(ComponentFactory<C> f, Map<String, String> raw) {
    ConfigParser.Result r = ConfigParser.parse(f.configDef(), raw, "");
    if (!r.ok()) {
      throw new IllegalArgumentException(r.problems().toString());
    }
    return f.configure(r.values());
  }

  Channel channel(String name, int capacity, int txCapacity) throws Exception {
    MemoryChannelFactory f = new MemoryChannelFactory();
    Channel c = f.create(configure(f, Map.of("capacity", "" + capacity,
            "transactionCapacity", "" + txCapacity, "keep-alive", "1")),
        DefaultComponentContext.builder("it", name, metrics.group("CHANNEL." + name)).build());
    c.start();
    stops.add(c::stop);
    return c;
  }

  AvroSource source(String name, Channel channel, Map<String, String> keys) throws Exception {
    Map<String, String> raw = new HashMap<>(Map.of("bind", "127.0.0.1", "port", "0"));
    raw.putAll(keys);
    AvroSourceFactory f = new AvroSourceFactory();
    AvroSource s = (AvroSource) f.create(configure(f, raw),
        DefaultComponentContext.builder("it", name, metrics.group("SOURCE." + name))
            .channelProcessor(processor(name, channel)).build());
    s.start();
    stops.add(s::stop);
    return s;
  }

  /** The agent's own processor, so calls take the I/O-thread commit a memory channel allows. */
  private ChannelProcessor processor(String source, Channel channel) {
    return new DefaultChannelProcessor(source,
        new ReplicatingChannelSelector(List.of(channel), List.of()), List.of(),
        metrics.group("PROCESSOR." + source));
  }

  AvroSink sink(String name, Channel channel, int port, Map<String, String> keys)
      throws Exception {
    Map<String, String> raw = new HashMap<>(Map.of("hostname", "127.0.0.1", "port", "" + port));
    raw.putAll(keys);
    AvroSinkFactory f = new AvroSinkFactory();
    AvroSink s = (AvroSink) f.create(configure(f, raw),
        DefaultComponentContext.builder("it", name, metrics.group("SINK." + name))
            .channel(channel).build());
    s.start();
    stops.add(s::stop);
    return s;
  }

  static void put(Channel c, List<Event> events) {
    try (Transaction tx = c.getTransaction()) {
      tx.begin();
      tx.putAll(events);
      tx.commit();
    }
  }

  /** Takes everything currently in the channel, in transactions of at most {@code tx} events. */
  static List<Event> drain(Channel c, int tx) {
    List<Event> out = new ArrayList<>();
    while (true) {
      try (Transaction t = c.getTransaction()) {
        t.begin();
        List<Event> got = t.take(tx);
        t.commit();
        if (got.isEmpty()) {
          return out;
        }
        out.addAll(got);
      }
    }
  }

  /**
   * Events with an index header, a unicode header, an empty header value, and binary bodies that
   * cover every byte value.
   */
  static List<Event> events(String tag, int from, int to) {
    List<Event> out = new ArrayList<>();
    for (int i = from; i < to; i++) {
      Map<String, String> h = new LinkedHashMap<>();
      h.put("i", Integer.toString(i));
      h.put("tag", tag);
      h.put("ünïcødé ✓", "välue \u20ac " + i);
      h.put("empty", "");
      byte[] body = new byte[i % 300];
      for (int b = 0; b < body.length; b++) {
        body[b] = (byte) (b + i);
      }
      byte[] prefix = (tag + "-" + i + ":").getBytes(StandardCharsets.UTF_8);
      byte[] all = new byte[prefix.length + body.length];
      System.arraycopy(prefix, 0, all, 0, prefix.length);
      System.arraycopy(body, 0, all, prefix.length, body.length);
      out.add(Event.of(h, all));
    }
    return out;
  }

  @Override
  public void close() {
    for (int i = stops.size() - 1; i >= 0; i--) {
      stops.get(i).run();
    }
  }
}
