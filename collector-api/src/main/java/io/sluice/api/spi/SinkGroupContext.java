package io.sluice.api.spi;

import io.sluice.api.Sink;
import java.util.Map;

/** A sink processor's context: the group's sinks by name, in the order the group lists them. */
public interface SinkGroupContext extends ComponentContext {

  Map<String, Sink> sinks();
}
