package io.sluice.flumecompat;

import io.sluice.api.Interceptor;
import io.sluice.api.spi.ComponentContext;
import io.sluice.api.spi.InterceptorFactory;

/** Makes Sluice interceptors of a Flume {@code Interceptor.Builder} class. */
final class FlumeInterceptorFactory extends FlumeFactory
    implements InterceptorFactory<FlumeComponentConfig> {

  FlumeInterceptorFactory(FlumeRuntime runtime, Class<?> builder, String type) {
    super(runtime, builder, type);
  }

  @Override
  public Interceptor create(FlumeComponentConfig config, ComponentContext context) {
    return bridge().interceptor(config.componentClass(), config.keys(), context);
  }
}
