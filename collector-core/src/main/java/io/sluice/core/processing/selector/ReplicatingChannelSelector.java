package io.sluice.core.processing.selector;

import io.sluice.api.Channel;
import io.sluice.api.ChannelSelector;
import io.sluice.api.Event;
import java.util.List;

/**
 * Sends every event to every channel of the source; those named optional may fail without failing
 * the put. Immutable, thread-safe.
 */
public final class ReplicatingChannelSelector implements ChannelSelector {
  private final List<Channel> all;
  private final List<Channel> required;
  private final List<Channel> optional;

  /** @param all the source's channels; {@code optional} must be a subset of them */
  public ReplicatingChannelSelector(List<Channel> all, List<Channel> optional) {
    this.all = List.copyOf(all);
    this.optional = List.copyOf(optional);
    this.required = all.stream().filter(c -> !optional.contains(c)).toList();
  }

  /** The channels every event must reach, whatever the event. */
  public List<Channel> required() {
    return required;
  }

  /** The channels every event is offered to, failures ignored, whatever the event. */
  public List<Channel> optional() {
    return optional;
  }

  @Override
  public List<Channel> getRequiredChannels(Event event) {
    return required;
  }

  @Override
  public List<Channel> getOptionalChannels(Event event) {
    return optional;
  }

  @Override
  public List<Channel> getAllChannels() {
    return all;
  }
}
