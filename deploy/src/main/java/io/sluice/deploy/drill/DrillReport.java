package io.sluice.deploy.drill;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A drill's outcome. Times are milliseconds ({@link Timing}). Latency is generation (edge clock) to
 * first seen in HDFS (the drill polls HDFS every {@link Drill#POLL_MILLIS} ms, so that is its
 * resolution). Immutable.
 *
 * @param steadyFromMillis when "before" begins: the load had settled after start-up
 *     ({@link SteadyState}); events generated earlier are in no phase
 * @param generatedPerSecond events generated per second in the load window (all edges)
 * @param acknowledged events committed into the edges' durable channels (the source was told OK)
 * @param timings in order: {@code detectMillis} (fault until it shows, what that means depends on
 *     the fault; see the notes), {@code rerouteMillis} (fault until the first event generated after
 *     it landed; n/a for faults that move no traffic), {@code recoverTo90PercentMillis} (fault until
 *     landed throughput is back to 90% of before for a whole second), and for some faults one more
 *     ("time to re-register", "reconnected after restore", ...)
 * @param inUseFiles files the read-back found still in use ({@code .tmp}) after the drill's
 *     aggregators stopped and closed theirs; -1 when not counted (a cluster the drill does not own)
 * @param landedPerSecond events first seen in HDFS per second of the drill (the chart)
 * @param p99PerSecond p99 latency of the events generated in each second (the chart)
 * @param conservation the conservation headers merged over the tier, beside the ledger
 */
public record DrillReport(String fault, String target, long faultAtMillis, long restoredAtMillis,
    long steadyFromMillis, double generatedPerSecond, long sent, long acknowledged, long landed, long missing, long duplicated, long inUseFiles,
    List<Timing> timings,
    long[] p50, long[] p99, List<Long> landedPerSecond, List<Long> p99PerSecond,
    List<String> notes, Conservation conservation) {

  static final String DETECT = "detectMillis";
  static final String REROUTE = "rerouteMillis";
  static final String RECOVER = "recoverTo90PercentMillis";

  static final String[] PHASES = {"before", "during", "after"};

  /** The {@code q} quantile (0..1) of {@code values}, or -1 when empty. */
  static long quantile(List<Long> values, double q) {
    if (values.isEmpty()) {
      return -1;
    }
    List<Long> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    int i = (int) Math.ceil(q * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(sorted.size() - 1, i)));
  }

  /** This report with the conservation headers' counts. */
  DrillReport with(Conservation c) {
    return new DrillReport(fault, target, faultAtMillis, restoredAtMillis, steadyFromMillis,
        generatedPerSecond, sent, acknowledged, landed, missing, duplicated, inUseFiles, timings,
        p50, p99, landedPerSecond, p99PerSecond, notes, c);
  }

  /** Nothing acknowledged is missing, and the conservation headers agree with the ledger. */
  boolean passed() {
    return missing == 0 && conservation.agrees(missing, duplicated);
  }

  /** The time under {@code key}; {@link Timing#NOT_HAPPENED} when the report has none. */
  long millis(String key) {
    return timings.stream().filter(t -> t.key().equals(key)).mapToLong(Timing::millis).findFirst()
        .orElse(Timing.NOT_HAPPENED);
  }

  long detectMillis() {
    return millis(DETECT);
  }

  long rerouteMillis() {
    return millis(REROUTE);
  }

  long recoverMillis() {
    return millis(RECOVER);
  }

  /** The report's heading: which fault, when, and when it was undone. */
  String heading() {
    return String.format(Locale.ROOT, "Drill: %s %s at %.1f s, back at %.1f s", fault, target,
        faultAtMillis / 1000.0, restoredAtMillis / 1000.0);
  }

  /** The verdict table's rows, label then value, as the terminal and the HTML page show them. */
  List<String[]> rows() {
    List<String[]> rows = new ArrayList<>();
    rows.add(row("events sent", count(sent)));
    rows.add(row("acknowledged", count(acknowledged)));
    rows.add(row("landed in HDFS (distinct)", count(landed)));
    rows.add(row("missing", count(missing)));
    rows.add(row("duplicated", count(duplicated)));
    rows.add(row("files left in use (.tmp)", inUseFiles < 0 ? "n/a" : Long.toString(inUseFiles)));
    rows.addAll(List.of(conservation.rows(missing, duplicated)));
    timings.forEach(t -> rows.add(row(t.label(), t.text())));
    return rows;
  }

  /**
   * The latency table's rows: the phases' names, where each begins, p50 and p99; "before" begins
   * when the load had settled ({@link #steadyFromMillis}).
   */
  List<String[]> latencyRows() {
    return List.of(new String[] {"latency", PHASES[0], PHASES[1], PHASES[2]},
        new String[] {"from", seconds(steadyFromMillis), seconds(faultAtMillis),
            seconds(restoredAtMillis < 0 ? faultAtMillis : restoredAtMillis)},
        new String[] {"p50", ms(p50[0]), ms(p50[1]), ms(p50[2])},
        new String[] {"p99", ms(p99[0]), ms(p99[1]), ms(p99[2])});
  }

  void print(PrintStream out) {
    out.println();
    out.println(heading());
    rows().forEach(r -> out.printf("  %-28s %12s%n", r[0], r[1]));
    List<String[]> latency = latencyRows();
    for (int i = 0; i < latency.size(); i++) {
      String[] r = latency.get(i);
      out.printf("  %-28s %12s %12s %12s%n", (i == 0 ? "" : "  ") + r[0], r[1], r[2], r[3]);
    }
    notes.forEach(n -> out.println("  note: " + n));
  }

  private static String[] row(String label, String value) {
    return new String[] {label, value};
  }

  private static String count(long n) {
    return String.format(Locale.ROOT, "%,d", n);
  }

  static String ms(long v) {
    return v < 0 ? "-" : v + " ms";
  }

  static String seconds(long millis) {
    return String.format(Locale.ROOT, "%.1f s", millis / 1000.0);
  }

  String toJson() {
    StringBuilder b = new StringBuilder("{\n");
    field(b, "fault", '"' + fault + '"');
    field(b, "target", '"' + target + '"');
    field(b, "faultAtMillis", faultAtMillis);
    field(b, "restoredAtMillis", restoredAtMillis);
    field(b, "steadyFromMillis", steadyFromMillis);
    field(b, "generatedPerSecond", String.format(Locale.ROOT, "%.1f", generatedPerSecond));
    field(b, "sent", sent);
    field(b, "acknowledged", acknowledged);
    field(b, "landed", landed);
    field(b, "missing", missing);
    field(b, "duplicated", duplicated);
    field(b, "inUseFilesLeft", inUseFiles < 0 ? "null" : Long.toString(inUseFiles));
    field(b, "sequence", conservation.json(missing, duplicated));
    timings.forEach(t -> field(b, t.key(), t.json()));
    for (int i = 0; i < PHASES.length; i++) {
      field(b, "latencyP50Millis_" + PHASES[i], p50[i]);
      field(b, "latencyP99Millis_" + PHASES[i], p99[i]);
    }
    field(b, "landedPerSecond", landedPerSecond.toString());
    field(b, "latencyP99PerSecond", p99PerSecond.toString());
    List<String> quoted = notes.stream().map(n -> '"' + n.replace("\"", "'") + '"').toList();
    b.append("  \"notes\": ").append(quoted).append("\n}\n");
    return b.toString();
  }

  private static void field(StringBuilder b, String name, Object value) {
    b.append("  \"").append(name).append("\": ").append(value).append(",\n");
  }

  @Override
  public String toString() {
    return String.format(Locale.ROOT, "DrillReport[%s %s, missing %d]", fault, target, missing);
  }
}
