package io.sluice.core.metrics;

/**
 * One configured component as the agent sees it now.
 *
 * @param type the configured type ({@code avro}, {@code memory}, ...)
 * @param running false while it waits for a restart after failing to start or dying
 */
public record ComponentStatus(ComponentKind kind, String name, String type, boolean running) {

  /** Its metrics group, e.g. {@code CHANNEL.c1}. */
  public String group() {
    return kind.group(name);
  }
}
