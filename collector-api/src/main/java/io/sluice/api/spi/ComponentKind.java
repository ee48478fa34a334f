package io.sluice.api.spi;

/** The kinds of pluggable component, each with its Flume property section. */
public enum ComponentKind {
  SOURCE("sources"),
  CHANNEL("channels"),
  SINK("sinks"),
  SINK_PROCESSOR("sinkgroups"),
  CHANNEL_SELECTOR("selector"),
  INTERCEPTOR("interceptors"),
  DISCOVERY("discovery");

  private final String section;

  ComponentKind(String section) {
    this.section = section;
  }

  /** The Flume properties word for this kind ({@code sources}, {@code channels}, ...). */
  public String section() {
    return section;
  }
}
