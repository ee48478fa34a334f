package io.sluice.core.agent;

import io.sluice.api.Channel;
import io.sluice.core.config.ComponentSpecs.ChannelSpec;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;

/** A channel under supervision. */
final class ChannelUnit implements Supervised {
  private final String agent;
  private final ChannelSpec spec;
  private final MetricsRegistry metrics;
  private final AgentOptions options;
  private volatile Channel channel;

  ChannelUnit(String agent, ChannelSpec spec, MetricsRegistry metrics, AgentOptions options) {
    this.agent = agent;
    this.spec = spec;
    this.metrics = metrics;
    this.options = options;
  }

  ChannelSpec spec() {
    return spec;
  }

  /** The running channel; throws when it is not running, so dependents retry later. */
  Channel channel() {
    Channel c = channel;
    if (c == null) {
      throw new IllegalStateException("channel " + spec.name() + " is not running");
    }
    return c;
  }

  /** The channel instance even when stopping, or null before the first start. */
  Channel instance() {
    return channel;
  }

  @Override
  public String describe() {
    return "channel " + spec.name();
  }

  @Override
  public void start() throws Exception {
    Channel c = spec.factory().create(spec.config(), DefaultComponentContext
        .builder(agent, spec.name(), metrics.group("CHANNEL." + spec.name()))
        .clock(options.clock()).build());
    c.start();
    channel = c;
  }

  @Override
  public void stop() {
    Channel c = channel;
    channel = null;
    if (c != null) {
      c.stop();
    }
  }

  @Override
  public boolean healthy() {
    return true;
  }
}
