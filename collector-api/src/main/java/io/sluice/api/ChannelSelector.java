package io.sluice.api;

import java.util.List;

/**
 * Picks the channels an event goes to. Required channels must all commit for a put to succeed;
 * failures on optional channels are logged and ignored. Thread-safe and side-effect free.
 */
public interface ChannelSelector {

  List<Channel> getRequiredChannels(Event event);

  List<Channel> getOptionalChannels(Event event);

  List<Channel> getAllChannels();
}
