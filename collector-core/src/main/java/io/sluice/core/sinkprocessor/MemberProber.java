package io.sluice.core.sinkprocessor;

import io.sluice.api.ProbeableSink;
import io.sluice.core.sinkprocessor.SinkMembers.Member;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Probes penalised members in the background: once a member's penalty is over, its peer is checked
 * with {@link ProbeableSink#probe()} (no batch at stake); an answer lets it rejoin, silence
 * penalises it again for longer. Owns one thread, stopped by {@link #stop()}.
 */
final class MemberProber {
  private static final Logger LOG = LoggerFactory.getLogger(MemberProber.class);

  private final SinkMembers members;
  private final PenaltyBox penalties;
  private final InFlightTracker inFlight;
  private final GroupEvents events;
  private final Duration interval;
  private final ThreadFactory threads;
  private ScheduledExecutorService scheduler;

  MemberProber(SinkMembers members, PenaltyBox penalties, InFlightTracker inFlight,
      GroupEvents events, Duration interval, ThreadFactory threads) {
    this.members = members;
    this.penalties = penalties;
    this.inFlight = inFlight;
    this.events = events;
    this.interval = interval;
    this.threads = threads;
  }

  synchronized void start() {
    if (scheduler == null) {
      scheduler = Executors.newSingleThreadScheduledExecutor(threads);
      long ms = interval.toMillis();
      scheduler.scheduleWithFixedDelay(this::probeDueMembers, ms, ms, TimeUnit.MILLISECONDS);
    }
  }

  synchronized void stop() {
    if (scheduler != null) {
      scheduler.shutdownNow();
      try {
        scheduler.awaitTermination(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      scheduler = null;
    }
  }

  /** One round: probe every member whose penalty is over. Package-private for tests. */
  void probeDueMembers() {
    for (Member m : members.snapshot()) {
      if (m.sink() instanceof ProbeableSink p && penalties.isDueForProbe(m.name())
          && inFlight.tryClaim(m.name())) {
        try {
          probe(m.name(), p);
        } finally {
          inFlight.release(m.name());
        }
      }
    }
  }

  private void probe(String name, ProbeableSink sink) {
    boolean answered;
    try {
      answered = sink.probe();
    } catch (RuntimeException e) {
      LOG.debug("Probe of {} threw", name, e);
      answered = false;
    }
    if (answered) {
      penalties.release(name);
      events.rejoined(name, sink, "its peer answered a probe");
    } else {
      long penalty = penalties.penalise(name, true);
      LOG.debug("Member {} ({}) did not answer its probe; next probe in {} ms", name, sink.peer(),
          penalty);
    }
  }
}
