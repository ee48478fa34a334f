package io.sluice.core.metrics;

import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import io.prometheus.metrics.model.snapshots.Unit;
import io.sluice.api.spi.ComponentMetrics.Timing;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Supplier;

/**
 * Reads every component's counters and gauges from the agent's registry at scrape time and turns
 * them into Prometheus families named by {@link PrometheusName}, labelled {@code agent},
 * {@code component_kind}, {@code component}, {@code component_type}. Counters come from the
 * registry, which outlives components, so they survive reloads. Adds the channel fill as a 0-1
 * ratio and each component's start time in seconds, and Sluice's own measures: events dropped by
 * reason, commit and batch durations, event ages and gauges.
 */
final class ComponentCollector implements MultiCollector {
  private static final Map<String, String> HISTOGRAM_HELP = Map.of(
      "sluice_channel_commit_duration_seconds", "Channel commits of transactions that put or took"
          + " events (op), in seconds",
      "sluice_sink_batch_duration_seconds", "A sink's delivery of one batch and the commit of its"
          + " take, in seconds",
      "sluice_event_age_seconds", "Now minus the event's timestamp header when a source's put"
          + " commits (stage=commit) and when a sink's take commits (stage=delivery), in seconds");

  private static final Map<String, String> HELP = Map.of("sluice_events_dropped",
      "Events a component gave up, by reason (docs/monitoring.md lists them)");

  private final Supplier<? extends MonitoredAgent> agent;

  ComponentCollector(Supplier<? extends MonitoredAgent> agent) {
    this.agent = agent;
  }

  @Override
  public MetricSnapshots collect() {
    MonitoredAgent a = agent.get();
    if (a == null) {
      return MetricSnapshots.of();
    }
    Map<String, Family> families = new TreeMap<>();
    Map<String, List<HistogramDataPointSnapshot>> histograms = new TreeMap<>();
    MetricsRegistry registry = a.metrics();
    for (String group : registry.groupNames()) {
      ComponentMetricsGroup g = registry.find(group);
      int dot = group.indexOf('.');
      String prefix = dot > 0 ? group.substring(0, dot) : "OTHER";
      String component = dot > 0 ? group.substring(dot + 1) : group;
      Labels labels = Labels.of("agent", a.name(), "component_kind",
          ComponentKind.labelOfPrefix(prefix), "component", component, "component_type",
          g.componentType());
      g.counters().forEach((n, v) -> add(families, PrometheusName.of(prefix, n, true), n, labels,
          v));
      Map<String, Long> gauges = g.gauges();
      gauges.forEach((n, v) -> {
        if (!n.equals("ChannelFillPercentage")) {
          add(families, PrometheusName.of(prefix, n, false), n, labels, v);
        }
      });
      long capacity = gauges.getOrDefault("ChannelCapacity", 0L);
      if (capacity > 0) {
        family(families, "sluice_channel_fill_ratio", false, "ChannelSize / ChannelCapacity (0-1)")
            .add(labels, (double) gauges.getOrDefault("ChannelSize", 0L) / capacity);
      }
      if (g.startTime() > 0) {
        family(families, "sluice_component_start_time_seconds", false,
            "When the component last started (Flume's StartTime), in Unix seconds")
            .add(labels, g.startTime() / 1000.0);
      }
      addSluiceMeasures(families, histograms, g, ComponentKind.labelOfPrefix(prefix), labels);
    }
    List<MetricSnapshot> out = new ArrayList<>();
    families.forEach((name, f) -> out.add(f.build(name)));
    histograms.forEach((name, points) -> {
      HistogramSnapshot.Builder b = HistogramSnapshot.builder().name(name)
          .help(HISTOGRAM_HELP.get(name)).unit(Unit.SECONDS);
      points.forEach(b::dataPoint);
      out.add(b.build());
    });
    return new MetricSnapshots(out);
  }

  private static void addSluiceMeasures(Map<String, Family> families,
      Map<String, List<HistogramDataPointSnapshot>> histograms, ComponentMetricsGroup g,
      String kind, Labels labels) {
    g.droppedCounts().forEach((reason, v) -> family(families, "sluice_events_dropped", true, null)
        .add(labels.add("reason", reason.label()), v));
    g.sluiceGauges().forEach((n, v) -> family(families, "sluice_" + kind + "_" + n, false,
        "Sluice's " + n + " of a " + kind).add(labels, v));
    g.histograms().forEach((timing, h) -> {
      String name = timing == Timing.SINK_BATCH ? "sluice_sink_batch_duration_seconds"
          : "sluice_channel_commit_duration_seconds";
      Labels l = timing == Timing.SINK_BATCH ? labels
          : labels.add("op", timing == Timing.CHANNEL_PUT_COMMIT ? "put" : "take");
      histograms.computeIfAbsent(name, n -> new ArrayList<>()).add(h.snapshot(l));
    });
    g.eventAges().forEach((stage, ages) -> {
      Labels l = labels.add("stage", stage.label());
      histograms.computeIfAbsent("sluice_event_age_seconds", n -> new ArrayList<>())
          .add(ages.histogram().snapshot(l));
      family(families, "sluice_event_age_unknown", true,
          "Events without a timestamp header of epoch millis, so of unknown age, by stage")
          .add(l, ages.unknown());
    });
  }

  private static void add(Map<String, Family> families, PrometheusName p, String flumeName,
      Labels labels, long value) {
    Labels l = p.label() == null ? labels : labels.add(p.label(), p.labelValue());
    family(families, p.family(), p.counter(), null).add(l, value, flumeName);
  }

  private static Family family(Map<String, Family> families, String name, boolean counter,
      String help) {
    Family f = families.computeIfAbsent(name, n -> new Family(counter,
        help == null ? HELP.get(name) : help));
    // A name that is a counter in one component and a gauge in another keeps its first type.
    return f.counter == counter ? f : new Family(counter, help);
  }

  /**
   * The data points of one family, each label set once. Its help is given, or else names the
   * Flume counters it comes from.
   */
  private static final class Family {
    private final boolean counter;
    private final String help;
    private final Map<Labels, Double> points = new LinkedHashMap<>();
    private final Set<String> flumeNames = new TreeSet<>();

    Family(boolean counter, String help) {
      this.counter = counter;
      this.help = help;
    }

    void add(Labels labels, double value) {
      points.putIfAbsent(labels, value);
    }

    void add(Labels labels, double value, String flumeName) {
      add(labels, value);
      flumeNames.add(flumeName);
    }

    MetricSnapshot build(String name) {
      String help = this.help != null ? this.help : "Flume's " + String.join(", ", flumeNames);
      Unit unit = name.endsWith("_seconds") ? Unit.SECONDS : null;
      if (counter) {
        CounterSnapshot.Builder b = CounterSnapshot.builder().name(name).help(help).unit(unit);
        points.forEach((l, v) -> b.dataPoint(
            CounterDataPointSnapshot.builder().labels(l).value(v).build()));
        return b.build();
      }
      GaugeSnapshot.Builder b = GaugeSnapshot.builder().name(name).help(help).unit(unit);
      points.forEach((l, v) -> b.dataPoint(
          GaugeDataPointSnapshot.builder().labels(l).value(v).build()));
      return b.build();
    }
  }
}
