package io.sluice.core.processing.selector;

import io.sluice.api.Channel;
import io.sluice.api.ChannelSelector;
import io.sluice.api.Event;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Picks channels by the value of one header (exact, case-sensitive match). A missing, blank or
 * unmapped value goes to the default channels, which are required. Optional channels are looked up
 * by the same value; a channel that is also required for that value counts only as required.
 * Immutable, thread-safe.
 */
public final class MultiplexingChannelSelector implements ChannelSelector {
  private final List<Channel> all;
  private final String header;
  private final Map<String, List<Channel>> required;
  private final Map<String, List<Channel>> optional;
  private final List<Channel> defaults;

  public MultiplexingChannelSelector(
      List<Channel> all,
      String header,
      Map<String, List<Channel>> required,
      Map<String, List<Channel>> optional,
      List<Channel> defaults) {
    this.all = List.copyOf(all);
    this.header = header;
    this.required = Map.copyOf(required);
    this.defaults = List.copyOf(defaults);
    Map<String, List<Channel>> opt = new LinkedHashMap<>();
    optional.forEach((value, channels) -> {
      List<Channel> req = requiredFor(value);
      opt.put(value, channels.stream().filter(c -> !req.contains(c)).toList());
    });
    this.optional = Map.copyOf(opt);
  }

  @Override
  public List<Channel> getRequiredChannels(Event event) {
    return requiredFor(event.header(header));
  }

  @Override
  public List<Channel> getOptionalChannels(Event event) {
    String value = event.header(header);
    return value == null ? List.of() : optional.getOrDefault(value, List.of());
  }

  @Override
  public List<Channel> getAllChannels() {
    return all;
  }

  private List<Channel> requiredFor(String value) {
    if (value == null || value.isBlank()) {
      return defaults;
    }
    return required.getOrDefault(value, defaults);
  }
}
