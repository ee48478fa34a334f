package io.sluice.core.metrics;

import java.util.Locale;

/**
 * The kinds of component an agent runs, with the three names each goes by: Flume's counter-group
 * type (the JSON key prefix and JMX {@code Type} attribute), its JMX domain, and the Prometheus
 * {@code component_kind} label.
 */
public enum ComponentKind {
  SOURCE("SOURCE", "source"),
  CHANNEL("CHANNEL", "channel"),
  SINK("SINK", "sink"),
  SINK_GROUP("SINK_PROCESSOR", "sink_group");

  private final String flumeType;
  private final String label;

  ComponentKind(String flumeType, String label) {
    this.flumeType = flumeType;
    this.label = label;
  }

  /** Flume's type: {@code SOURCE}, {@code CHANNEL}, {@code SINK}, {@code SINK_PROCESSOR}. */
  public String flumeType() {
    return flumeType;
  }

  /** The Prometheus label value and the word used in {@code /status}. */
  public String label() {
    return label;
  }

  /** Flume's JMX domain, e.g. {@code org.apache.flume.sink_processor}. */
  public String jmxDomain() {
    return "org.apache.flume." + flumeType.toLowerCase(Locale.ROOT);
  }

  /** The metrics group of component {@code name}, e.g. {@code SOURCE.r1}. */
  public String group(String name) {
    return flumeType + "." + name;
  }

  /** The kind whose Flume type is {@code prefix} ({@code SOURCE}, ...), or null for another. */
  static ComponentKind ofFlumeType(String prefix) {
    for (ComponentKind k : values()) {
      if (k.flumeType.equals(prefix)) {
        return k;
      }
    }
    return null;
  }

  /** The label for a group's prefix: a kind's label, else the prefix in lower case. */
  static String labelOfPrefix(String prefix) {
    for (ComponentKind k : values()) {
      if (k.flumeType.equals(prefix)) {
        return k.label;
      }
    }
    return prefix.toLowerCase(Locale.ROOT);
  }
}
