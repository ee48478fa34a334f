package io.sluice.api.spi;

import io.sluice.api.Interceptor;

/** Makes interceptors; its keys are a source's {@code interceptors.<name>.*} keys. */
public interface InterceptorFactory<C> extends ComponentFactory<C> {

  @Override
  default ComponentKind kind() {
    return ComponentKind.INTERCEPTOR;
  }

  Interceptor create(C config, ComponentContext context) throws Exception;
}
