package io.sluice.flumecompat.bridge;

import io.sluice.api.ChannelFullException;
import java.util.List;
import org.apache.flume.ChannelException;
import org.apache.flume.Event;
import org.apache.flume.channel.ChannelProcessor;
import org.apache.flume.channel.ReplicatingChannelSelector;

/**
 * The Flume {@code ChannelProcessor} a Flume source is given: it hands each batch to the source's
 * Sluice channel processor (Sluice's interceptors, selector and one transaction per channel) and
 * reports a refusal as Flume's {@code ChannelException} ({@code ChannelFullException} when a
 * channel was full), which Flume sources catch to back off and retry. Its own Flume selector and
 * interceptor chain are empty: Sluice's do that work.
 */
final class ChannelProcessorFacade extends ChannelProcessor {
  private final io.sluice.api.ChannelProcessor sluice;

  ChannelProcessorFacade(io.sluice.api.ChannelProcessor sluice) {
    super(emptySelector());
    this.sluice = sluice;
  }

  private static ReplicatingChannelSelector emptySelector() {
    ReplicatingChannelSelector s = new ReplicatingChannelSelector();
    s.setChannels(List.of());
    return s;
  }

  @Override
  public void processEvent(Event event) {
    try {
      sluice.processEvent(Events.toSluice(event));
    } catch (ChannelFullException e) {
      throw new org.apache.flume.ChannelFullException(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new ChannelException(e.getMessage(), e);
    }
  }

  @Override
  public void processEventBatch(List<Event> events) {
    try {
      sluice.processEventBatch(Events.toSluice(events));
    } catch (ChannelFullException e) {
      throw new org.apache.flume.ChannelFullException(e.getMessage(), e);
    } catch (RuntimeException e) {
      throw new ChannelException(e.getMessage(), e);
    }
  }
}
