package com.example;

import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.flume.Channel;
import org.apache.flume.Context;
import org.apache.flume.Event;
import org.apache.flume.channel.AbstractChannelSelector;

/**
 * Sends an event whose header {@code header} has value V to the channel named in key
 * {@code route.V}, and any other event to every channel. Built against Flume 1.11.
 */
public class HeaderRoutingSelector extends AbstractChannelSelector {
  private String header;
  private final Map<String, List<Channel>> routes = new HashMap<>();

  @Override
  public void configure(Context context) {
    header = context.getString("header");
    if (header == null) {
      throw new IllegalArgumentException("header is required");
    }
    Map<String, Channel> byName = getChannelNameMap();
    for (Map.Entry<String, String> e : context.getSubProperties("route.").entrySet()) {
      Channel c = byName.get(e.getValue());
      if (c == null) {
        throw new IllegalArgumentException("route." + e.getKey() + ": no channel " + e.getValue());
      }
      routes.put(e.getKey(), Collections.singletonList(c));
    }
  }

  @Override
  public List<Channel> getRequiredChannels(Event event) {
    List<Channel> route = routes.get(event.getHeaders().get(header));
    return route != null ? route : getAllChannels();
  }

  @Override
  public List<Channel> getOptionalChannels(Event event) {
    return Collections.emptyList();
  }
}
