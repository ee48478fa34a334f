package io.sluice.core.testutil;

import io.sluice.api.Channel;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.api.Transaction;
import java.util.List;

/** Puts every batch into one channel in one transaction; failures propagate, as the contract says. */
public final class TestChannelProcessor implements ChannelProcessor {
  private final Channel channel;

  public TestChannelProcessor(Channel channel) {
    this.channel = channel;
  }

  @Override
  public void processEvent(Event event) {
    processEventBatch(List.of(event));
  }

  @Override
  public void processEventBatch(List<Event> events) {
    try (Transaction tx = channel.getTransaction()) {
      tx.begin();
      tx.putAll(events);
      tx.commit();
    }
  }
}
