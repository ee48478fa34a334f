package io.sluice.kafka;

import io.sluice.core.runtime.NamedThreadFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;

/**
 * Sends a batch of records and waits until Kafka acknowledged every one, telling the component's
 * {@link KafkaOutageLog} when a wait goes on for longer than the stall bound. The producer fails a
 * batch only after {@code delivery.timeout.ms} (120 s by default), so without this an outage
 * shorter than that is a silent stall: the bound makes it say "Kafka unreachable ... since" (the
 * start of the wait) while it keeps waiting, and the batch's acknowledgement then says "reachable
 * again". One timer thread, made on the first batch and ended by {@link #close()}; thread-safe (a
 * channel's transactions on several threads share one).
 */
final class AcknowledgedSender implements AutoCloseable {
  private final KafkaOutageLog outage;
  private final Duration stallBound;
  private final Clock clock;
  private final ScheduledThreadPoolExecutor timer;

  /**
   * @param threadName name of the timer thread, e.g. {@code kafka-sink-k1-stall}
   * @param stallBound how long a batch may wait for its acknowledgements before the outage is logged
   */
  AcknowledgedSender(String threadName, Duration stallBound, KafkaOutageLog outage, Clock clock) {
    this.outage = outage;
    this.stallBound = stallBound;
    this.clock = clock;
    this.timer = new ScheduledThreadPoolExecutor(1, new NamedThreadFactory(threadName));
    timer.setRemoveOnCancelPolicy(true); // one cancelled task per batch must not pile up
  }

  /**
   * Sends {@code records} and returns once every one is acknowledged; logs the end of an outage.
   *
   * @throws ExecutionException a record failed; the cause is Kafka's error (the caller decides what
   *     it means for the outage log and the transaction)
   */
  void sendAll(Producer<String, byte[]> producer, List<ProducerRecord<String, byte[]>> records)
      throws ExecutionException, InterruptedException {
    Instant began = clock.instant();
    ScheduledFuture<?> watch = timer.schedule(() -> outage.unreachable("no acknowledgement of a batch of "
        + records.size() + " records for " + stallBound.toMillis() + " ms; still waiting", began),
        stallBound.toMillis(), TimeUnit.MILLISECONDS);
    try {
      List<Future<RecordMetadata>> acks = new ArrayList<>(records.size());
      for (ProducerRecord<String, byte[]> r : records) {
        acks.add(producer.send(r));
      }
      producer.flush();
      for (Future<RecordMetadata> ack : acks) {
        ack.get();
      }
    } finally {
      watch.cancel(false);
    }
    outage.reachable();
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
