package io.sluice.core.runtime;

import io.sluice.api.Channel;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Sink;
import io.sluice.api.spi.ChannelSelectorContext;
import io.sluice.api.spi.ComponentMetrics;
import io.sluice.api.spi.SinkContext;
import io.sluice.api.spi.SinkGroupContext;
import io.sluice.api.spi.SourceContext;
import java.time.Clock;
import java.util.Map;
import java.util.concurrent.ThreadFactory;

/**
 * The runtime's one implementation of every component context; fields a kind does not use stay
 * null (a sink never sees a channel processor). Tests build it through {@link #builder}.
 */
public final class DefaultComponentContext
    implements SourceContext, SinkContext, SinkGroupContext, ChannelSelectorContext {
  private final String agentName;
  private final String componentName;
  private final Clock clock;
  private final ComponentMetrics metrics;
  private final ChannelProcessor channelProcessor;
  private final Channel channel;
  private final Map<String, Sink> sinks;
  private final Map<String, Channel> channels;
  private final boolean discoveredMembers;

  private DefaultComponentContext(Builder b) {
    this.agentName = b.agentName;
    this.componentName = b.componentName;
    this.clock = b.clock;
    this.metrics = b.metrics;
    this.channelProcessor = b.channelProcessor;
    this.channel = b.channel;
    this.sinks = b.sinks;
    this.channels = b.channels;
    this.discoveredMembers = b.discoveredMembers;
  }

  public static Builder builder(String agentName, String componentName, ComponentMetrics metrics) {
    return new Builder(agentName, componentName, metrics);
  }

  @Override
  public String agentName() {
    return agentName;
  }

  @Override
  public String componentName() {
    return componentName;
  }

  @Override
  public ThreadFactory threadFactory(String role) {
    return new NamedThreadFactory(agentName + "-" + componentName + "-" + role);
  }

  @Override
  public Clock clock() {
    return clock;
  }

  @Override
  public ComponentMetrics metrics() {
    return metrics;
  }

  @Override
  public ChannelProcessor channelProcessor() {
    return channelProcessor;
  }

  @Override
  public Channel channel() {
    return channel;
  }

  @Override
  public Map<String, Sink> sinks() {
    return sinks;
  }

  @Override
  public Map<String, Channel> channels() {
    return channels;
  }

  @Override
  public boolean discoveredMembers() {
    return discoveredMembers;
  }

  /** Builds a context; only agent name, component name and metrics are mandatory. */
  public static final class Builder {
    private final String agentName;
    private final String componentName;
    private final ComponentMetrics metrics;
    private Clock clock = Clock.systemUTC();
    private ChannelProcessor channelProcessor;
    private Channel channel;
    private Map<String, Sink> sinks = Map.of();
    private Map<String, Channel> channels = Map.of();
    private boolean discoveredMembers;

    private Builder(String agentName, String componentName, ComponentMetrics metrics) {
      this.agentName = agentName;
      this.componentName = componentName;
      this.metrics = metrics;
    }

    public Builder clock(Clock value) {
      this.clock = value;
      return this;
    }

    public Builder channelProcessor(ChannelProcessor value) {
      this.channelProcessor = value;
      return this;
    }

    public Builder channel(Channel value) {
      this.channel = value;
      return this;
    }

    public Builder sinks(Map<String, Sink> value) {
      this.sinks = value;
      return this;
    }

    public Builder channels(Map<String, Channel> value) {
      this.channels = value;
      return this;
    }

    public Builder discoveredMembers(boolean value) {
      this.discoveredMembers = value;
      return this;
    }

    public DefaultComponentContext build() {
      return new DefaultComponentContext(this);
    }
  }
}
