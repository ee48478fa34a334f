package io.sluice.core.agent;

import io.sluice.api.Channel;
import io.sluice.api.Sink;
import io.sluice.api.SinkProcessor;
import io.sluice.core.config.ComponentSpecs.SinkGroupSpec;
import io.sluice.core.config.ComponentSpecs.SinkSpec;
import io.sluice.core.runner.BackoffPolicy;
import io.sluice.core.runner.SinkRunner;
import io.sluice.core.runtime.DefaultComponentContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A sink group (or a lone sink in its implicit group): its sinks, processor and runner. */
final class SinkGroupUnit implements Supervised {
  private static final Logger LOG = LoggerFactory.getLogger(SinkGroupUnit.class);

  private final SinkGroupSpec spec;
  private final List<SinkSpec> members;
  private final Function<String, Channel> channels;
  private final ContextFactory contexts;
  private final Map<String, Sink> sinks = new LinkedHashMap<>();
  private SinkProcessor processor;
  private SinkRunner runner;

  SinkGroupUnit(SinkGroupSpec spec, List<SinkSpec> members,
      Function<String, Channel> channels, ContextFactory contexts) {
    this.spec = spec;
    this.members = members;
    this.channels = channels;
    this.contexts = contexts;
  }

  SinkGroupSpec spec() {
    return spec;
  }

  List<SinkSpec> members() {
    return members;
  }

  /** The running sinks by name, for tests; empty when stopped. */
  Map<String, Sink> sinks() {
    return Map.copyOf(sinks);
  }

  @Override
  public String describe() {
    return spec.implicit() ? "sink " + spec.name() : "sink group " + spec.name();
  }

  @Override
  public void start() throws Exception {
    for (SinkSpec s : members) {
      Channel ch = channels.apply(s.channel());
      Sink sink = s.factory().create(s.config(), contexts.builder(s.name(), "SINK." + s.name())
          .channel(ch).build());
      sinks.put(s.name(), sink);
      sink.start();
    }
    DefaultComponentContext ctx = contexts.builder(spec.name(), "SINK_PROCESSOR." + spec.name())
        .sinks(Map.copyOf(sinks)).build();
    processor = spec.processor().create(spec.processorConfig(), ctx);
    processor.start();
    runner = new SinkRunner(spec.name(), processor, ctx.threadFactory("runner"),
        BackoffPolicy.sinkDefault());
    runner.start();
    LOG.info("Started {} with sinks {}", describe(), sinks.keySet());
  }


  @Override
  public void stop() {
    if (runner != null) {
      runner.stop();
      runner = null;
    }
    if (processor != null) {
      SourceUnit.stopQuietly(processor::stop, "the processor of " + describe());
      processor = null;
    }
    sinks.forEach((name, sink) -> SourceUnit.stopQuietly(sink::stop, "sink " + name));
    sinks.clear();
  }

  @Override
  public boolean healthy() {
    return runner == null || runner.isAlive();
  }
}
