package io.sluice.deploy.drill;

import io.sluice.deploy.quickstart.LandedEvents;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Turns what a drill saw into its report: counts (acknowledged, landed, missing, duplicated, per
 * event prefix the drill produced), times (detect, reroute, back to 90% throughput, and the
 * fault's own "back" time), latency by phase and the per-second series of the chart. Stateless.
 */
final class DrillAnalysis {
  private DrillAnalysis() {}

  /**
   * @param produced events acknowledged per prefix (first word of the events)
   * @param rejoin the fault's own "back" time, or null when it has none
   */
  static DrillReport analyze(DrillOptions o, Timeline t, Map<String, Long> produced,
      LandedEvents landed, List<LandedTracker.Landing> all, Timing rejoin, List<String> notes) {
    long sent = produced.values().stream().mapToLong(Long::longValue).sum();
    long missing = 0;
    long distinct = 0;
    long duplicated = 0;
    for (Map.Entry<String, Long> e : produced.entrySet()) {
      missing += landed.missing(e.getKey(), e.getValue());
      distinct += landed.distinct(e.getKey());
      duplicated += landed.duplicates(e.getKey());
    }
    long faultAt = t.faultAt();
    long restored = t.restoredAt() < 0 ? faultAt : t.restoredAt();
    List<List<Long>> phases = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
    long reroute = -1;
    int seconds = (int) o.durationSeconds() + 1;
    long[] landedPerSecond = landedPerSecond(all, t, seconds);
    List<List<Long>> latencyBySecond = new ArrayList<>();
    for (int i = 0; i < seconds; i++) {
      latencyBySecond.add(new ArrayList<>());
    }
    // Not sent / duration: the edges keep producing until they stop, after the load window.
    long inWindow = all.stream().filter(l -> l.generatedMillis() >= t.start()
        && l.generatedMillis() < t.end()).count();
    double generatedPerSecond = inWindow * 1000.0 / Math.max(1, t.end() - t.start());
    SteadyState steady = SteadyState.of(landedPerSecond, generatedPerSecond,
        (int) ((faultAt - t.start()) / 1000));
    long steadyFrom = t.start() + steady.fromMillis();
    for (LandedTracker.Landing l : all) {
      if (l.generatedMillis() >= t.end()) {
        continue; // after the load window: counted as landed above, not timed
      }
      long latency = Math.max(0, l.landedMillis() - l.generatedMillis());
      if (l.generatedMillis() >= steadyFrom || l.generatedMillis() >= faultAt) {
        // Events of the start-up backlog are in no phase: "before" is steady state.
        int phase = l.generatedMillis() < faultAt ? 0 : l.generatedMillis() < restored ? 1 : 2;
        phases.get(phase).add(latency);
      }
      if (l.generatedMillis() >= faultAt) {
        long r = l.landedMillis() - faultAt;
        reroute = reroute < 0 ? r : Math.min(reroute, r);
      }
      int genSecond = (int) ((l.generatedMillis() - t.start()) / 1000);
      if (genSecond >= 0 && genSecond < seconds) {
        latencyBySecond.get(genSecond).add(latency);
      }
    }
    long recover = recovery(landedPerSecond, steady.fromSecond(), t.start(), faultAt);
    long[] p50 = new long[3];
    long[] p99 = new long[3];
    for (int i = 0; i < 3; i++) {
      p50[i] = DrillReport.quantile(phases.get(i), 0.50);
      p99[i] = DrillReport.quantile(phases.get(i), 0.99);
    }
    List<Long> landedSeries = new ArrayList<>();
    List<Long> p99Series = new ArrayList<>();
    for (int s = 0; s < seconds; s++) {
      landedSeries.add(landedPerSecond[s]);
      p99Series.add(Math.max(0, DrillReport.quantile(latencyBySecond.get(s), 0.99)));
    }
    List<Timing> timings = new ArrayList<>();
    timings.add(new Timing("time to detect", DrillReport.DETECT,
        t.detectedAt() == Timing.NOT_APPLICABLE ? Timing.NOT_APPLICABLE
            : t.detectedAt() < 0 ? Timing.NOT_HAPPENED : t.detectedAt() - faultAt));
    timings.add(o.fault().reroutes() && !o.targetIsEdge()
        ? new Timing("time to reroute", DrillReport.REROUTE, reroute)
        : Timing.notApplicable("time to reroute", DrillReport.REROUTE));
    timings.add(new Timing("time to 90% throughput", DrillReport.RECOVER, recover));
    if (rejoin != null) {
      timings.add(rejoin);
    }
    List<String> allNotes = new ArrayList<>(notes);
    for (Map.Entry<String, Long> e : produced.entrySet()) {
      if (landed.missing(e.getKey(), e.getValue()) > 0) {
        allNotes.add("missing from " + e.getKey() + ": " + landed.missingRanges(e.getKey(),
            e.getValue(), 10));
      }
    }
    allNotes.add(steady.settled()
        ? String.format(Locale.ROOT, "\"before\" is steady state: from %.0f s, when the landed "
            + "rate had been within %.0f%% of the generated rate for %d s", steady.fromMillis()
            / 1000.0, SteadyState.TOLERANCE * 100, SteadyState.SETTLE_SECONDS)
        : String.format(Locale.ROOT, "the landed rate never settled before the fault: \"before\" "
            + "is the last seconds before it, from %.0f s", steady.fromMillis() / 1000.0));
    allNotes.add("times have a resolution of " + Drill.POLL_MILLIS + " ms (HDFS and metrics poll)");
    if (!o.tailed()) {
      allNotes.add("acknowledged = committed into the edges' durable file channels");
    }
    return new DrillReport(o.fault().option(), o.target(), faultAt - t.start(),
        t.restoredAt() < 0 ? -1 : t.restoredAt() - t.start(), steady.fromMillis(), generatedPerSecond, sent, sent,
        distinct, missing, duplicated, o.external().isPresent() ? -1 : landed.inUseFiles(),
        List.copyOf(timings), p50, p99, landedSeries, p99Series, List.copyOf(allNotes),
        Conservation.notChecked("not read yet"));
  }

  /** Events generated in the load window, by the second of the drill they landed in. */
  private static long[] landedPerSecond(List<LandedTracker.Landing> all, Timeline t,
      int seconds) {
    long[] perSecond = new long[seconds];
    for (LandedTracker.Landing l : all) {
      int landedSecond = (int) ((l.landedMillis() - t.start()) / 1000);
      if (l.generatedMillis() < t.end() && landedSecond >= 0 && landedSecond < seconds) {
        perSecond[landedSecond]++;
      }
    }
    return perSecond;
  }

  /**
   * From the fault until a whole second landed at least 90% of the normal rate (the steady
   * seconds before the fault, from {@code steadySecond}); -1 if that never happened.
   */
  private static long recovery(long[] landedPerSecond, int steadySecond, long start,
      long faultAt) {
    int seconds = landedPerSecond.length;
    int faultSecond = (int) ((faultAt - start) / 1000);
    double normal = 0;
    int from = Math.min(steadySecond, Math.max(0, faultSecond - 1));
    for (int s = from; s < faultSecond && s < seconds; s++) {
      normal += landedPerSecond[s];
    }
    normal = faultSecond > from ? normal / (faultSecond - from) : 0;
    for (int s = faultSecond + 1; s < seconds - 1 && normal > 0; s++) {
      if (landedPerSecond[s] >= 0.9 * normal) {
        return Math.max(0, start + s * 1000L - faultAt);
      }
    }
    return -1;
  }
}
