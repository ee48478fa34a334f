package io.sluice.api.spi;

import io.sluice.api.Source;

/** Makes sources. */
public interface SourceFactory<C> extends ComponentFactory<C> {

  @Override
  default ComponentKind kind() {
    return ComponentKind.SOURCE;
  }

  Source create(C config, SourceContext context) throws Exception;
}
