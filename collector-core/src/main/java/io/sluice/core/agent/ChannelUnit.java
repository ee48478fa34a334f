package io.sluice.core.agent;

import io.sluice.api.Channel;
import io.sluice.core.config.ComponentSpecs.ChannelSpec;

/** A channel under supervision. */
final class ChannelUnit implements Supervised {
  private final ChannelSpec spec;
  private final ContextFactory contexts;
  private volatile Channel channel;

  ChannelUnit(ChannelSpec spec, ContextFactory contexts) {
    this.spec = spec;
    this.contexts = contexts;
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
    Channel c = spec.factory().create(spec.config(),
        contexts.builder(spec.name(), "CHANNEL." + spec.name()).build());
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
