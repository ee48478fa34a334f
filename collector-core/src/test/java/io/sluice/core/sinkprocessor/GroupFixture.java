package io.sluice.core.sinkprocessor;

import io.sluice.api.Sink;
import io.sluice.api.SinkProcessor;
import io.sluice.api.spi.SinkProcessorFactory;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.testutil.Configs;
import io.sluice.core.testutil.FakeSink;
import io.sluice.core.testutil.MutableClock;
import java.util.LinkedHashMap;
import java.util.Map;

/** Builds a processor over fake sinks, through its factory, with a hand-moved clock. */
final class GroupFixture {
  final MutableClock clock = new MutableClock(1_000_000);
  final Map<String, FakeSink> sinks = new LinkedHashMap<>();
  final MetricsRegistry metrics = new MetricsRegistry();

  GroupFixture(String... names) {
    for (String n : names) {
      sinks.put(n, new FakeSink(n));
    }
  }

  FakeSink sink(String name) {
    return sinks.get(name);
  }

  <C> SinkProcessor create(SinkProcessorFactory<C> factory, Map<String, String> raw) throws Exception {
    return create(factory, raw, new LinkedHashMap<>(sinks));
  }

  <C> SinkProcessor create(SinkProcessorFactory<C> factory, Map<String, String> raw,
      Map<String, Sink> members) throws Exception {
    C config = Configs.configure(factory, raw);
    DefaultComponentContext ctx = DefaultComponentContext.builder("a1", "g1", metrics.group("g1"))
        .clock(clock).sinks(members).build();
    return factory.create(config, ctx);
  }
}
