package io.sluice.core.sinkprocessor;

import io.sluice.api.EventDeliveryException;
import io.sluice.api.ProbeableSink;
import io.sluice.api.Sink;
import io.sluice.api.SinkSelector;
import io.sluice.api.Status;
import io.sluice.api.spi.ComponentMetrics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadFactory;

/**
 * What every multi-member processor shares: the members, who is busy, their latency, their
 * penalties, the background prober, and the log lines and counters of penalties and rejoins.
 * {@link #attempt} runs one batch on one member with all that bookkeeping. Thread-safe.
 */
final class SinkGroupState {

  /** The outcome of one attempt: not claimed (busy or gone), delivered, or failed. */
  record Attempt(boolean claimed, Status status, Throwable failure) {
    static final Attempt NOT_CLAIMED = new Attempt(false, null, null);

    boolean delivered() {
      return claimed && failure == null;
    }
  }

  private final String group;
  private final SinkMembers members;
  private final PenaltyBox penalties;
  private final InFlightTracker inFlight = new InFlightTracker();
  private final LatencyTracker latency = new LatencyTracker();
  private final GroupEvents events;
  private final MemberProber prober;
  private final java.util.Map<String, String> lastErrors =
      new java.util.concurrent.ConcurrentHashMap<>();

  /** @param penalties null to retry failed members on every pass (Flume's backoff=false) */
  SinkGroupState(String group, SinkMembers members, PenaltyBox penalties, ComponentMetrics metrics,
      ThreadFactory probeThreads, Duration probeInterval) {
    this.group = group;
    this.members = members;
    this.penalties = penalties;
    this.events = new GroupEvents(group, metrics);
    this.prober = penalties == null ? null
        : new MemberProber(members, penalties, inFlight, events, probeInterval, probeThreads);
  }

  void start() {
    if (prober != null) {
      prober.start();
    }
  }

  void stop() {
    if (prober != null) {
      prober.stop();
    }
  }

  String group() {
    return group;
  }

  SinkMembers members() {
    return members;
  }

  GroupEvents events() {
    return events;
  }

  boolean isPenalised(String member) {
    return penalties != null && penalties.isPenalised(member);
  }

  String whyOut(String member) {
    String after = " after: " + lastErrors.getOrDefault(member, "an earlier failure");
    return penalties.isDueForProbe(member) ? "waiting for its peer to answer a probe" + after
        : "penalised for another " + penalties.remainingMillis(member) + " ms" + after;
  }

  int failures(String member) {
    return penalties == null ? 0 : penalties.failures(member);
  }

  /** The members not penalised, as a selector sees them, in listing order. */
  List<SinkSelector.Member> available() {
    List<SinkSelector.Member> out = new ArrayList<>();
    for (SinkMembers.Member m : members.snapshot()) {
      if (!isPenalised(m.name())) {
        out.add(new SinkSelector.Member(m.name(), inFlight.inFlight(m.name()),
            latency.averageMicros(m.name())));
      }
    }
    return out;
  }

  /** Runs one batch on the member if it is free and still in the group. */
  Attempt attempt(String name) {
    return inFlight.tryClaim(name) ? runClaimed(name) : Attempt.NOT_CLAIMED;
  }

  /**
   * Runs one batch on the member, waiting up to {@code millis} for its batch in flight to end: a
   * round-robin turn is kept rather than given to whichever member is free.
   */
  Attempt attemptInTurn(String name, long millis) {
    try {
      return inFlight.claimWithin(name, millis) ? runClaimed(name) : Attempt.NOT_CLAIMED;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return Attempt.NOT_CLAIMED;
    }
  }

  private Attempt runClaimed(String name) {
    try {
      Sink sink = members.get(name); // after the claim: a removed member gets no new batch
      if (sink == null) {
        return Attempt.NOT_CLAIMED;
      }
      long start = System.nanoTime();
      try {
        Status status = sink.process();
        latency.record(name, (System.nanoTime() - start) / 1000);
        if (penalties != null && penalties.failures(name) > 0) {
          penalties.pardon(name);
          events.rejoined(name, sink, "delivered a batch");
        }
        return new Attempt(true, status, null);
      } catch (EventDeliveryException | RuntimeException e) {
        penalise(name, sink, e);
        return new Attempt(true, null, e);
      }
    } finally {
      inFlight.release(name);
    }
  }

  private void penalise(String name, Sink sink, Throwable e) {
    lastErrors.put(name, e.getMessage() == null ? e.toString() : e.getMessage());
    if (penalties == null) {
      events.penalised(name, sink, 0, 1, e);
      return;
    }
    long penalty = penalties.penalise(name, sink instanceof ProbeableSink);
    events.penalised(name, sink, penalty, penalties.failures(name), e);
  }

  /** Waits briefly for any member to finish a batch (when every member was busy). */
  void awaitAnyFree(long millis) throws InterruptedException {
    inFlight.awaitAnyRelease(millis);
  }

  void add(String name, Sink sink) {
    members.add(name, sink);
  }

  /** Removes the member once its batch in flight (if any) has ended. */
  Sink remove(String name) throws InterruptedException {
    Sink removed = members.remove(name);
    inFlight.awaitIdle(name);
    if (penalties != null) {
      penalties.forget(name);
    }
    latency.forget(name);
    lastErrors.remove(name);
    return removed;
  }
}
