package io.sluice.api.spi;

import io.sluice.api.Sink;
import java.util.Map;

/** A sink processor's context: the group's sinks by name, in the order the group lists them. */
public interface SinkGroupContext extends ComponentContext {

  Map<String, Sink> sinks();

  /**
   * True when the group's members are discovered at run time: it may start with none, and members
   * come and go, so processors must not insist on a minimum number of sinks.
   */
  default boolean discoveredMembers() {
    return false;
  }
}
