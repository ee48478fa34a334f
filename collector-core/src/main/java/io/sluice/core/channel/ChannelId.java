package io.sluice.core.channel;

import io.sluice.api.spi.ComponentContext;

/**
 * Who a channel is, for messages: its name and the full property key of its settings, so an error
 * can say exactly which key to change. Immutable.
 */
public record ChannelId(String agent, String channel) {

  public static ChannelId of(ComponentContext context) {
    return new ChannelId(context.agentName(), context.componentName());
  }

  /** The full property key of one of this channel's settings, e.g. {@code a1.channels.c1.capacity}. */
  public String key(String setting) {
    return agent + ".channels." + channel + "." + setting;
  }

  @Override
  public String toString() {
    return "channel " + channel;
  }
}
