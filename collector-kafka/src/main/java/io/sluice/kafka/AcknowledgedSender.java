package io.sluice.kafka;

import io.sluice.core.runtime.NamedThreadFactory;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.producer.Callback;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.errors.RecordTooLargeException;
import org.slf4j.LoggerFactory;

/**
 * Sends a batch of records and waits until Kafka acknowledged every one, telling the component's
 * {@link KafkaOutageLog} when a wait goes on for longer than the stall bound. The producer fails a
 * batch only after {@code delivery.timeout.ms} (120 s by default), so without this an outage
 * shorter than that is a silent stall: the bound makes it say "Kafka unreachable ... since" (the
 * start of the wait) while it keeps waiting, and the batch's acknowledgement then says "reachable
 * again". A batch only registers its wait; one timer thread looks at the waits a tenth of the bound
 * apart, rather than a timer scheduled and cancelled per batch, which woke that thread once per
 * batch. The thread is made with the sender and ended by {@link #close()}; thread-safe (a channel's
 * transactions on several threads share one).
 */
final class AcknowledgedSender implements AutoCloseable {
  /** The watchdog looks this often per stall bound: the warning comes at most a tenth late. */
  private static final int CHECKS_PER_BOUND = 10;
  private final KafkaOutageLog outage;
  private final Duration stallBound;
  private final Clock clock;
  private final TooLargeRecords tooLarge;
  private final ScheduledThreadPoolExecutor timer;
  private final Set<Wait> waits = ConcurrentHashMap.newKeySet();

  /** One batch waiting for its acknowledgements. */
  private static final class Wait {
    final Instant began;
    final long beganNanos = System.nanoTime();
    final int records;
    final long recoveriesAtStart;
    boolean reported; // watchdog thread only

    Wait(Instant began, int records, long recoveriesAtStart) {
      this.began = began;
      this.records = records;
      this.recoveriesAtStart = recoveriesAtStart;
    }
  }

  /**
   * @param threadName name of the timer thread, e.g. {@code kafka-sink-k1-stall}
   * @param stallBound how long a batch may wait for its acknowledgements before the outage is logged
   * @param tooLarge whether a record Kafka refuses as too large fails its batch (STOP) or is left out
   *     of it and reported by {@link InFlight#await()} (SKIP)
   */
  AcknowledgedSender(String threadName, Duration stallBound, KafkaOutageLog outage, Clock clock,
      TooLargeRecords tooLarge) {
    this.outage = outage;
    this.stallBound = stallBound;
    this.clock = clock;
    this.tooLarge = tooLarge;
    this.timer = new ScheduledThreadPoolExecutor(1, new NamedThreadFactory(threadName));
    long period = Math.max(1, stallBound.toMillis() / CHECKS_PER_BOUND);
    timer.scheduleWithFixedDelay(this::reportStalls, period, period, TimeUnit.MILLISECONDS);
  }

  /**
   * Sends {@code records} and returns at once: the batch's acknowledgements are waited for with
   * {@link InFlight#await()}, which must be called (the stall watch runs until then). Records of
   * batches sent one after another reach each partition in that order. Once a record of the batch
   * has failed, the records after it are not sent and {@code await} throws that failure.
   */
  InFlight send(Producer<String, byte[]> producer, List<ProducerRecord<String, byte[]>> records) {
    Wait wait = new Wait(clock.instant(), records.size(), outage.recoveries());
    waits.add(wait);
    try {
      BatchAcks acks = new BatchAcks(records.size(), tooLarge == TooLargeRecords.SKIP);
      int sent = 0;
      for (ProducerRecord<String, byte[]> r : records) {
        producer.send(r, acks);
        sent++;
        // A refused record dooms the batch (it is rolled back and sent again), so the rest is not
        // sent: a send that blocks until it fails (metadata Kafka will not give: a wrong password,
        // a topic that does not exist) is then waited out once per batch, not once per record.
        if (acks.failed()) {
          acks.unsent(records.size() - sent);
          break;
        }
      }
      return new InFlight(producer, acks, wait);
    } catch (RuntimeException e) {
      waits.remove(wait);
      throw e;
    }
  }

  /** A sent batch whose acknowledgements are still to come. */
  final class InFlight {
    private final Producer<String, byte[]> producer;
    private final BatchAcks acks;
    private final Wait wait;

    private InFlight(Producer<String, byte[]> producer, BatchAcks acks, Wait wait) {
      this.producer = producer;
      this.acks = acks;
      this.wait = wait;
    }

    /**
     * Records a failure to reach Kafka of this batch: logged as the start of an outage unless one
     * ended since the batch was sent (then a batch in flight beside it got through afterwards).
     */
    void unreachable(String cause) {
      outage.unreachable(cause, clock.instant(), wait.recoveriesAtStart);
    }

    /**
     * Returns once every record is acknowledged or, with {@code tooLargeRecords = skip}, refused as
     * too large; logs the end of an outage. The flush makes the producer send now rather than after
     * {@code linger.ms}.
     *
     * @return the records Kafka refused as too large and the batch left out (none with STOP)
     * @throws ExecutionException a record failed; the cause is Kafka's error
     */
    TooLarge await() throws ExecutionException, InterruptedException {
      try {
        producer.flush();
        acks.await();
      } finally {
        waits.remove(wait);
      }
      outage.reachable();
      return acks.tooLarge();
    }
  }

  /**
   * Records of a batch that Kafka refused as too large and the batch left out.
   *
   * @param count how many
   * @param first the first one's refusal: its topic (when Kafka told it) and Kafka's reason
   */
  record TooLarge(int count, String first) {
    static final TooLarge NONE = new TooLarge(0, null);
  }

  /**
   * The acknowledgements of one batch: one callback shared by all its records rather than a future
   * kept and read per record (whose {@code get} builds each record's metadata a second time, Kafka's
   * network thread having built it for the callback already). Counts every record down, failed or
   * not, and keeps the first failure; a record refused as too large is, when skipped, counted
   * instead. Kafka refuses a record so only when it is too large alone: a broker's refusal of a
   * batch of several records makes the producer split it and send the parts again.
   */
  private static final class BatchAcks implements Callback {
    private final CountDownLatch outstanding;
    private final boolean skipTooLarge;
    private final AtomicReference<Exception> failure = new AtomicReference<>();
    private final AtomicInteger tooLarge = new AtomicInteger();
    private final AtomicReference<String> firstTooLarge = new AtomicReference<>();

    BatchAcks(int records, boolean skipTooLarge) {
      outstanding = new CountDownLatch(records);
      this.skipTooLarge = skipTooLarge;
    }

    @Override
    public void onCompletion(RecordMetadata metadata, Exception exception) {
      if (skipTooLarge && exception instanceof RecordTooLargeException) {
        String topic = metadata == null || metadata.topic() == null ? "" : "topic " + metadata.topic() + ": ";
        firstTooLarge.compareAndSet(null, topic + exception.getMessage());
        tooLarge.incrementAndGet();
      } else if (exception != null) {
        failure.compareAndSet(null, exception);
      }
      outstanding.countDown();
    }

    TooLarge tooLarge() {
      int n = tooLarge.get();
      return n == 0 ? TooLarge.NONE : new TooLarge(n, firstTooLarge.get());
    }

    boolean failed() {
      return failure.get() != null;
    }

    /** Counts down {@code records} that were never sent (the batch failed before them). */
    void unsent(int records) {
      for (int i = 0; i < records; i++) {
        outstanding.countDown();
      }
    }

    /** Waits for every record's outcome (after a flush, there); throws the first failure. */
    void await() throws ExecutionException, InterruptedException {
      outstanding.await();
      Exception first = failure.get();
      if (first != null) {
        throw new ExecutionException(first);
      }
    }
  }

  /**
   * Logs the outage for each wait past the bound, once per wait. Never throws: a periodic task
   * that throws is not run again.
   */
  private void reportStalls() {
    try {
      reportStallsNow();
    } catch (RuntimeException e) {
      LoggerFactory.getLogger(AcknowledgedSender.class).warn("checking for stalled acknowledgements failed", e);
    }
  }

  private void reportStallsNow() {
    long now = System.nanoTime();
    for (Wait w : waits) {
      if (!w.reported && now - w.beganNanos >= stallBound.toNanos()) {
        w.reported = true;
        outage.unreachable("no acknowledgement of a batch of " + w.records + " records for "
            + stallBound.toMillis() + " ms; still waiting", w.began, w.recoveriesAtStart);
      }
    }
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
