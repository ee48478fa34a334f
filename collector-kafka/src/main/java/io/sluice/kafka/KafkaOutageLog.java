package io.sluice.kafka;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import org.slf4j.Logger;

/**
 * Says when a component lost Kafka and when it got it back: one WARN line when it first finds the
 * brokers unreachable (naming the bootstrap servers, the topic and the first cause) and one INFO
 * line when it next reaches them (with how long the outage lasted); the retries in between log
 * nothing here. Thread-safe: a channel's transactions on several threads share one.
 */
final class KafkaOutageLog {
  private final Logger log;
  private final String subject;
  private final Object servers;
  private final String reads;
  private final Clock clock;
  private Instant since;
  private long recoveries;

  /**
   * @param subject the component, e.g. {@code sink k1}
   * @param servers its {@code bootstrap.servers}
   * @param reads what it writes or reads, e.g. {@code topic t} or the source's subscription
   */
  KafkaOutageLog(Logger log, String subject, Object servers, String reads, Clock clock) {
    this.log = log;
    this.subject = subject;
    this.servers = servers;
    this.reads = reads;
    this.clock = clock;
  }

  /** Records a failure to reach Kafka; logs only the first of an outage. */
  synchronized void unreachable(String cause) {
    unreachable(cause, clock.instant());
  }

  /** As {@link #unreachable(String)}, for an outage found to have begun at {@code began}. */
  synchronized void unreachable(String cause, Instant began) {
    if (since == null) {
      since = began;
      log.warn("{}: Kafka unreachable at {} ({}) since {}: {}; retrying quietly until it is back",
          subject, servers, reads, since, cause);
    }
  }

  /**
   * As {@link #unreachable(String, Instant)}, for work begun when {@link #recoveries()} was
   * {@code recoveriesAtStart}. If an outage ended since, other work in flight beside this one got
   * through after it began: its failure is the ended outage's, not a new one, and logs nothing.
   */
  synchronized void unreachable(String cause, Instant began, long recoveriesAtStart) {
    if (recoveries == recoveriesAtStart) {
      unreachable(cause, began);
    }
  }

  /** Records that Kafka answered; logs the end of an outage. */
  synchronized void reachable() {
    if (since != null) {
      long seconds = Duration.between(since, clock.instant()).toSeconds();
      log.info("{}: Kafka reachable again at {} ({}) after {} s", subject, servers, reads, seconds);
      since = null;
      recoveries++;
    }
  }

  /** How many outages have ended: a failure streak begun before the last end belongs to that outage. */
  synchronized long recoveries() {
    return recoveries;
  }
}
