package io.sluice.flumecompat.bridge;

import io.sluice.api.spi.ComponentMetrics;
import io.sluice.flumecompat.FlumeChannelPort;
import java.util.Set;
import org.apache.flume.Channel;
import org.apache.flume.instrumentation.ChannelCounter;

/**
 * The {@link FlumeChannelPort} of one configured Flume channel. Its size and capacity are read from
 * the {@code ChannelCounter} the channel holds (the most specific one: Flume's spillable memory
 * channel holds its own beside the one of the file channel it extends), found once it started.
 */
final class ChannelPort implements FlumeChannelPort {
  private final Channel channel;
  private volatile ChannelCounter counter;

  ChannelPort(Channel channel) {
    this.channel = channel;
  }

  @Override
  public void start() {
    try {
      Lifecycles.start(channel);
    } catch (NoClassDefFoundError e) {
      throw new IllegalStateException(Bridge.missingClass(channel.getClass(), e), e);
    }
    counter = Counters.find(channel, ChannelCounter.class);
  }

  @Override
  public void stop() {
    Lifecycles.stop(channel);
  }

  @Override
  public Tx begin() {
    return TransactionPort.begin(channel);
  }

  @Override
  public long size() {
    ChannelCounter c = counter;
    return c == null ? -1 : c.getChannelSize();
  }

  @Override
  public long capacity() {
    ChannelCounter c = counter;
    return c == null || c.getChannelCapacity() <= 0 ? -1 : c.getChannelCapacity();
  }

  @Override
  public void exposeCounters(ComponentMetrics metrics, Set<String> taken) {
    Counters.expose(channel, metrics, taken);
  }

  @Override
  public String toString() {
    return "Flume channel " + channel.getName() + " (" + channel.getClass().getName() + ")";
  }
}
