package io.sluice.kafka;

import io.sluice.api.ChannelException;
import io.sluice.api.Event;
import io.sluice.core.channel.AbstractTransaction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.apache.kafka.common.errors.RetriableException;

/**
 * A transaction of a {@link KafkaChannel}. Puts become records at once (so a bad partition header is
 * refused at the put) and are sent at commit, which waits for every acknowledgement; a commit that
 * fails leaves the transaction open for the caller to roll back (records already written are then
 * written again by the retry: duplicates, never loss). Takes read through the thread's consumer;
 * commit commits their offsets, rollback seeks back. Thread-confined.
 */
final class KafkaChannelTransaction extends AbstractTransaction {
  private final KafkaChannel channel;
  private final List<ProducerRecord<String, byte[]>> puts = new ArrayList<>();
  private ChannelTaker taker;
  private int takes;

  KafkaChannelTransaction(KafkaChannel channel) {
    super(channel.id(), channel.counters());
    this.channel = channel;
  }

  @Override
  protected void doPut(Event event) {
    channel.counters().putAttempted();
    try {
      puts.add(channel.mapper().toRecord(event));
    } catch (IllegalArgumentException e) {
      throw new ChannelException(channelId() + ": cannot put the event: " + e.getMessage(), e);
    }
  }

  @Override
  protected Event doTake() {
    return take(channel.pollTimeout());
  }

  @Override
  protected Event doTakeNow() {
    return take(Duration.ZERO);
  }

  private Event take(Duration wait) {
    channel.counters().takeAttempted();
    if (taker == null) {
      taker = channel.taker();
    }
    Event e;
    try {
      e = taker.take(wait);
    } catch (KafkaException ex) {
      throw new ChannelException(channelId() + ": reading from Kafka failed: " + ex, ex);
    }
    if (e != null) {
      takes++;
    }
    return e;
  }

  @Override
  protected void doCommit() {
    if (!puts.isEmpty()) {
      send();
    }
    if (taker != null) {
      taker.commit();
    }
    channel.counters().committed(puts.size(), takes);
    puts.clear();
    takes = 0;
  }

  private void send() {
    try {
      AcknowledgedSender.InFlight inFlight = channel.sender().send(channel.producer(), puts);
      try {
        inFlight.await();
      } catch (ExecutionException e) {
        channel.sendFailures().increment();
        if (e.getCause() instanceof RetriableException) {
          inFlight.unreachable(e.getCause().toString());
        }
        // a put is never dropped: the source's transaction fails and its sender keeps the event
        String remedy = e.getCause() instanceof RecordTooLargeException ? " (" + TooLargeRecords.REMEDY + ")" : "";
        throw new ChannelException(channelId() + ": Kafka did not acknowledge a put: " + e.getCause() + remedy,
            e.getCause());
      }
    } catch (KafkaException e) {
      channel.sendFailures().increment();
      throw new ChannelException(channelId() + ": sending the puts to Kafka failed: " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ChannelException(channelId() + ": interrupted waiting for Kafka to acknowledge the puts", e);
    }
  }

  @Override
  protected void doRollback() {
    puts.clear();
    takes = 0;
    if (taker != null) {
      taker.rollback();
    }
  }

  @Override
  protected void afterClose() {
    channel.release(this);
  }
}
