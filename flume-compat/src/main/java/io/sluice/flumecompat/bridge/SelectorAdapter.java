package io.sluice.flumecompat.bridge;

import io.sluice.api.Channel;
import io.sluice.api.ChannelSelector;
import io.sluice.api.Event;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;

/**
 * A Flume {@code ChannelSelector} as Sluice's: it is given a {@link ChannelFacade} for each of the
 * source's channels (named as in the config, so name lookups work as in Flume) and its picks are
 * mapped back to the Sluice channels. Thread-safe as far as the Flume selector is (Flume's sources
 * call it from many threads too).
 */
final class SelectorAdapter implements ChannelSelector {
  private final org.apache.flume.ChannelSelector selector;
  private final Map<org.apache.flume.Channel, Channel> sluice = new IdentityHashMap<>();

  /** Hands the selector its channels; the caller configures it next, as Flume does. */
  SelectorAdapter(org.apache.flume.ChannelSelector selector, Map<String, Channel> channels) {
    this.selector = selector;
    List<org.apache.flume.Channel> facades = new ArrayList<>();
    for (Channel c : channels.values()) {
      ChannelFacade f = new ChannelFacade(c);
      sluice.put(f, c);
      facades.add(f);
    }
    selector.setChannels(facades);
  }

  @Override
  public List<Channel> getRequiredChannels(Event event) {
    return toSluice(selector.getRequiredChannels(Events.toFlume(event)));
  }

  @Override
  public List<Channel> getOptionalChannels(Event event) {
    return toSluice(selector.getOptionalChannels(Events.toFlume(event)));
  }

  @Override
  public List<Channel> getAllChannels() {
    return toSluice(selector.getAllChannels());
  }

  private List<Channel> toSluice(List<org.apache.flume.Channel> picked) {
    List<Channel> out = new ArrayList<>(picked == null ? 0 : picked.size());
    if (picked != null) {
      for (org.apache.flume.Channel c : picked) {
        Channel s = sluice.get(c);
        if (s == null) {
          throw new IllegalStateException("channel selector " + selector.getName() + " picked "
              + c + ", which is not one of the channels it was given");
        }
        out.add(s);
      }
    }
    return out;
  }
}
