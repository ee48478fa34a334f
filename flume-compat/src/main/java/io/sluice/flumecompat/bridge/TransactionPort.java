package io.sluice.flumecompat.bridge;

import io.sluice.api.ChannelException;
import io.sluice.api.ChannelFullException;
import io.sluice.flumecompat.FlumeChannelPort;
import java.util.function.Supplier;
import org.apache.flume.Channel;
import org.apache.flume.Transaction;

/**
 * A begun Flume transaction driven by Sluice: events converted by wrapping (never copied), and
 * Flume's channel exceptions turned into Sluice's with the channel named, so Sluice's sources see
 * a full Flume channel as a full channel (backpressure) and its sinks roll back as they would on
 * any channel error. Confined to the thread that began it.
 */
final class TransactionPort implements FlumeChannelPort.Tx {
  private final Channel channel;
  private final Transaction tx;

  private TransactionPort(Channel channel, Transaction tx) {
    this.channel = channel;
    this.tx = tx;
  }

  static TransactionPort begin(Channel channel) {
    Transaction tx = call(channel, channel::getTransaction);
    run(channel, tx::begin);
    return new TransactionPort(channel, tx);
  }

  @Override
  public void put(io.sluice.api.Event event) {
    run(channel, () -> channel.put(Events.toFlume(event)));
  }

  @Override
  public io.sluice.api.Event take() {
    return Events.toSluice(call(channel, channel::take));
  }

  @Override
  public void commit() {
    run(channel, tx::commit);
  }

  @Override
  public void rollback() {
    run(channel, tx::rollback);
  }

  @Override
  public void close() {
    run(channel, tx::close);
  }

  private static void run(Channel channel, Runnable step) {
    call(channel, () -> {
      step.run();
      return null;
    });
  }

  private static <T> T call(Channel channel, Supplier<T> step) {
    try {
      return step.get();
    } catch (org.apache.flume.ChannelFullException e) {
      ChannelFullException full = new ChannelFullException(prefix(channel) + e.getMessage());
      full.initCause(e);
      throw full;
    } catch (org.apache.flume.ChannelException e) {
      throw new ChannelException(prefix(channel) + e.getMessage(), e);
    }
  }

  private static String prefix(Channel channel) {
    return "Flume channel " + channel.getName() + " (" + channel.getClass().getName() + "): ";
  }
}
