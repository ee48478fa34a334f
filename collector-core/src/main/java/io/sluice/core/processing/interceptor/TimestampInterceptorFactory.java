package io.sluice.core.processing.interceptor;

import io.sluice.api.Interceptor;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.ComponentContext;
import io.sluice.api.spi.InterceptorFactory;
import java.util.Set;

/** Factory of the {@code timestamp} interceptor; reads time from the context's clock. Stateless. */
public final class TimestampInterceptorFactory implements InterceptorFactory<TimestampInterceptorConfig> {
  public static final ConfigKey<String> HEADER_NAME = ConfigKey.string("headerName")
      .defaultValue("timestamp").doc("Header that receives the epoch milliseconds");
  public static final ConfigKey<Boolean> PRESERVE_EXISTING = ConfigKey.bool("preserveExisting")
      .defaultValue(false).doc("Keep the header when the event already has it");

  @Override
  public String type() {
    return "timestamp";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("org.apache.flume.interceptor.TimestampInterceptor$Builder");
  }

  @Override
  public Class<?> componentClass() {
    return TimestampInterceptor.class;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.of(HEADER_NAME, PRESERVE_EXISTING);
  }

  @Override
  public TimestampInterceptorConfig configure(ConfigValues values) {
    return new TimestampInterceptorConfig(values.get(HEADER_NAME), values.get(PRESERVE_EXISTING));
  }

  @Override
  public Interceptor create(TimestampInterceptorConfig config, ComponentContext context) {
    return new TimestampInterceptor(config, context.clock());
  }
}
