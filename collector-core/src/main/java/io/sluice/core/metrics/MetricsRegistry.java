package io.sluice.core.metrics;

import io.sluice.api.spi.ComponentMetrics;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One agent's metrics: a {@link ComponentMetrics} per component name. Owned by the agent, never
 * global, so several agents can run in one JVM. Counters survive a component's restart on reload
 * (Flume resets them), because the registry outlives the component.
 */
public final class MetricsRegistry {
  private final Map<String, ComponentMetricsGroup> groups = new ConcurrentHashMap<>();
  /** Chosen once: recorders are picked when a component takes them, never per call. */
  private final boolean recording;

  public MetricsRegistry() {
    this(UnrecordedMetrics.recordingEnabled());
  }

  MetricsRegistry(boolean recording) {
    this.recording = recording;
  }

  /** The metrics of one component; {@code group} is e.g. {@code SOURCE.r1}, as in Flume's JSON. */
  public ComponentMetrics group(String group) {
    return groups.computeIfAbsent(group, this::newGroup);
  }

  /**
   * Metrics of a component that no endpoint lists (the implicit group of a lone sink, which Flume
   * does not show either): counted, never exported.
   */
  public ComponentMetrics unlisted() {
    return newGroup("unlisted");
  }

  /** Records that the component of {@code group}, of configured {@code type}, (re)started. */
  public void started(String group, String type, long epochMillis) {
    groups.computeIfAbsent(group, this::newGroup).started(type, epochMillis);
  }

  /** Records that the component of {@code group} stopped. */
  public void stopped(String group, long epochMillis) {
    ComponentMetricsGroup g = groups.get(group);
    if (g != null) {
      g.stopped(epochMillis);
    }
  }

  /** A point-in-time copy of every value, by group then name, sorted. */
  public Map<String, Map<String, Long>> snapshot() {
    Map<String, Map<String, Long>> out = new TreeMap<>();
    groups.forEach((name, g) -> out.put(name, g.snapshot()));
    return out;
  }

  /** One value, or 0 when it was never registered. */
  public long value(String group, String name) {
    ComponentMetricsGroup g = groups.get(group);
    return g == null ? 0 : g.snapshot().getOrDefault(name, 0L);
  }

  // Event ages read the wall clock: they compare it with the epoch millis in event headers.
  private ComponentMetricsGroup newGroup(String group) {
    return new ComponentMetricsGroup(System::currentTimeMillis, recording);
  }

  /** Sluice's gauge {@code name} of {@code group} read now, or NaN when it was never registered. */
  public double sluiceGauge(String group, String name) {
    ComponentMetricsGroup g = groups.get(group);
    return g == null ? Double.NaN : g.sluiceGauges().getOrDefault(name, Double.NaN);
  }

  /** The sequence windows of every component that exports them, by group, sorted. */
  Map<String, SequenceExport> sequenceExports() {
    Map<String, SequenceExport> out = new TreeMap<>();
    groups.forEach((name, g) -> {
      SequenceExport e = g.sequenceExport();
      if (e != null) {
        out.put(name, e);
      }
    });
    return out;
  }

  /**
   * What Flume's {@code /metrics} shows, by group, sorted: a source's, channel's, sink's or sink
   * group's values as its MBean has them ({@link FlumeValues}), Sluice's own groups (interceptors,
   * discovery, config) their counters and gauges.
   */
  Map<String, Map<String, Object>> flumeSnapshot() {
    Map<String, Map<String, Object>> out = new TreeMap<>();
    groups.forEach((name, g) -> {
      int dot = name.indexOf('.');
      ComponentKind kind = ComponentKind.ofFlumeType(dot > 0 ? name.substring(0, dot) : name);
      out.put(name, kind == null ? new TreeMap<>(g.snapshot()) : FlumeValues.of(kind, g));
    });
    return out;
  }

  /** The names of every group, sorted. */
  Set<String> groupNames() {
    return new TreeSet<>(groups.keySet());
  }

  /** The group, created empty when absent (an MBean may be asked before its component counts). */
  ComponentMetricsGroup find(String group) {
    return groups.computeIfAbsent(group, this::newGroup);
  }
}
