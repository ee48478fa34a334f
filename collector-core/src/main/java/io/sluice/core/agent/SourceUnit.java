package io.sluice.core.agent;

import io.sluice.api.Channel;
import io.sluice.api.ChannelSelector;
import io.sluice.api.Interceptor;
import io.sluice.api.PollableSource;
import io.sluice.api.Source;
import io.sluice.core.config.ComponentSpecs.InterceptorSpec;
import io.sluice.core.config.ComponentSpecs.SourceSpec;
import io.sluice.core.processing.DefaultChannelProcessor;
import io.sluice.core.runner.PollableSourceRunner;
import io.sluice.core.runtime.DefaultComponentContext;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadFactory;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A source with its selector, interceptor chain and (for pollable sources) its runners: one per
 * {@linkplain PollableSource#lanes() lane}, sharing one thread factory.
 */
final class SourceUnit implements Supervised {
  private static final Logger LOG = LoggerFactory.getLogger(SourceUnit.class);

  private final SourceSpec spec;
  private final Function<String, Channel> channels;
  private final ContextFactory contexts;
  private DefaultChannelProcessor processor;
  private Source source;
  private final List<PollableSourceRunner> runners = new ArrayList<>();

  SourceUnit(SourceSpec spec, Function<String, Channel> channels, ContextFactory contexts) {
    this.spec = spec;
    this.channels = channels;
    this.contexts = contexts;
  }

  SourceSpec spec() {
    return spec;
  }

  /** The running source, for tests and metrics; null when not running. */
  Source source() {
    return source;
  }

  @Override
  public String describe() {
    return "source " + spec.name();
  }

  @Override
  public void start() throws Exception {
    Map<String, Channel> wired = new LinkedHashMap<>();
    for (String name : spec.channels()) {
      wired.put(name, channels.apply(name));
    }
    String group = "SOURCE." + spec.name();
    ChannelSelector selector = spec.selector().factory().create(spec.selector().config(),
        contexts.builder(spec.name(), group).channels(wired).build());
    List<Interceptor> chain = new ArrayList<>();
    for (InterceptorSpec i : spec.interceptors()) {
      chain.add(i.factory().create(i.config(), contexts.builder(spec.name() + "-" + i.name(),
          "INTERCEPTOR." + spec.name() + "." + i.name()).build()));
    }
    DefaultComponentContext ctx = contexts.builder(spec.name(), group).build();
    processor = new DefaultChannelProcessor(spec.name(), selector, chain, ctx.metrics());
    processor.start(); // starts the interceptors
    source = spec.factory().create(spec.config(), contexts.builder(spec.name(), group)
        .channelProcessor(processor).build());
    source.start();
    if (source instanceof PollableSource p) {
      List<? extends PollableSource> lanes = p.lanes();
      ThreadFactory threads = ctx.threadFactory("runner");
      for (int i = 0; i < lanes.size(); i++) {
        String name = lanes.size() == 1 ? spec.name() : spec.name() + " lane " + (i + 1);
        runners.add(new PollableSourceRunner(name, lanes.get(i), threads));
      }
      runners.forEach(PollableSourceRunner::start);
    }
    LOG.info("Started source {} ({}{})", spec.name(), source.getClass().getSimpleName(),
        runners.size() > 1 ? ", " + runners.size() + " runners" : "");
  }


  @Override
  public void stop() {
    runners.forEach(PollableSourceRunner::stop);
    runners.clear();
    if (source != null) {
      stopQuietly(source::stop, "source " + spec.name());
      source = null;
    }
    if (processor != null) {
      stopQuietly(processor::stop, "the interceptors of source " + spec.name());
      processor = null;
    }
  }

  @Override
  public boolean healthy() {
    return runners.stream().allMatch(PollableSourceRunner::isAlive);
  }

  static void stopQuietly(Runnable stop, String what) {
    try {
      stop.run();
    } catch (RuntimeException e) {
      LOG.warn("Stopping {} failed", what, e);
    }
  }
}
