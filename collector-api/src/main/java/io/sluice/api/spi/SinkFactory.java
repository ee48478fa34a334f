package io.sluice.api.spi;

import io.sluice.api.Sink;

/** Makes sinks. */
public interface SinkFactory<C> extends ComponentFactory<C> {

  @Override
  default ComponentKind kind() {
    return ComponentKind.SINK;
  }

  Sink create(C config, SinkContext context) throws Exception;
}
