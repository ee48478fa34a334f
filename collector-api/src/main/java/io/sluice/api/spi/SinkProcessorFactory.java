package io.sluice.api.spi;

import io.sluice.api.SinkProcessor;

/** Makes sink processors; its keys are a sink group's {@code processor.*} keys. */
public interface SinkProcessorFactory<C> extends ComponentFactory<C> {

  @Override
  default ComponentKind kind() {
    return ComponentKind.SINK_PROCESSOR;
  }

  SinkProcessor create(C config, SinkGroupContext context) throws Exception;
}
