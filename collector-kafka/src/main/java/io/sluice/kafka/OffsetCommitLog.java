package io.sluice.kafka;

import io.sluice.api.spi.ComponentMetrics;
import java.time.Clock;
import java.util.Map;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RetriableException;
import org.slf4j.Logger;

/**
 * Counts and reports the outcome of a consumer's offset commits ({@link AcceptedOffsets}) for a
 * Kafka source or a Kafka channel's taker. Kafka retries a synchronous commit's retriable errors
 * until its timeout, so one that still fails means no broker answered: an outage. An asynchronous
 * commit is sent again at the next pass, and a coordinator moving (a broker restarting) fails one
 * at once while the next succeeds: only retriable failures lasting {@code graceMillis} are an
 * outage. A failing asynchronous commit is logged once until one succeeds. Confined to the
 * consumer's thread, as the commits' callbacks are.
 */
final class OffsetCommitLog implements AcceptedOffsets.Outcome {
  private final Logger log;
  private final String subject;
  private final KafkaOutageLog outage;
  private final ComponentMetrics.Counter failures;
  private final Clock clock;
  private final long graceMillis;
  /** When asynchronous commits began failing with retriable errors, or -1. */
  private long failingSince = -1;
  /** The outage log's recoveries when that streak began. */
  private long recoveriesAtStreakStart;
  /** Whether a failing asynchronous commit was reported since the last one that succeeded. */
  private boolean reported;

  /**
   * @param subject the consumer's component for logs, e.g. {@code Source r1} or {@code channel c1}
   * @param failures counts every failed commit ({@code KafkaCommitFailureCount})
   */
  OffsetCommitLog(Logger log, String subject, KafkaOutageLog outage, ComponentMetrics.Counter failures,
      Clock clock, long graceMillis) {
    this.log = log;
    this.subject = subject;
    this.outage = outage;
    this.failures = failures;
    this.clock = clock;
    this.graceMillis = graceMillis;
  }

  @Override
  public void committed() {
    failingSince = -1;
    reported = false;
    // records alone prove nothing (the consumer may have fetched them before the outage); a commit does
    outage.reachable();
  }

  @Override
  public void failed(Map<TopicPartition, OffsetAndMetadata> offsets, Exception e, boolean waited) {
    failures.increment();
    boolean retriable = e instanceof RetriableException || e.getCause() instanceof RetriableException;
    if (retriable && !waited) {
      long now = clock.millis();
      long recoveries = outage.recoveries();
      // failures still coming just after another thread saw Kafka answer again (a consumer finding
      // its coordinator again) are the end of that outage, not a new one: the streak starts over
      if (failingSince < 0 || recoveries != recoveriesAtStreakStart) {
        failingSince = now;
        recoveriesAtStreakStart = recoveries;
      }
      if (now - failingSince < graceMillis) {
        log.debug("{}: committing offsets {} failed ({}); sending them again", subject, offsets, e.toString());
        return;
      }
    }
    if (retriable) {
      outage.unreachable(e.toString());
    }
    if (waited) {
      log.warn("{}: the records are in the channel but committing their offsets {} failed ({}); they will be"
          + " consumed again", subject, offsets, e.toString());
    } else if (!reported) { // it is sent again every pass: one line until a commit succeeds
      reported = true;
      log.warn("{}: the records are in the channel but committing their offsets {} failed ({}); they are sent"
          + " again until Kafka takes them, and the records are consumed again should the consumer stop first",
          subject, offsets, e.toString());
    } else {
      log.debug("{}: committing offsets {} failed again ({})", subject, offsets, e.toString());
    }
  }
}
