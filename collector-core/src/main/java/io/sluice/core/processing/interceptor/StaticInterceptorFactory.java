package io.sluice.core.processing.interceptor;

import io.sluice.api.Interceptor;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.ComponentContext;
import io.sluice.api.spi.InterceptorFactory;
import java.util.Set;

/** Factory of the {@code static} interceptor. Stateless. */
public final class StaticInterceptorFactory implements InterceptorFactory<StaticInterceptorConfig> {
  public static final ConfigKey<String> KEY = ConfigKey.string("key")
      .defaultValue("key").check(s -> !s.isEmpty(), "a header name").doc("Header name");
  public static final ConfigKey<String> VALUE = ConfigKey.string("value")
      .defaultValue("value").doc("Header value");
  public static final ConfigKey<Boolean> PRESERVE_EXISTING = ConfigKey.bool("preserveExisting")
      .defaultValue(true).doc("Keep the header when the event already has it");

  @Override
  public String type() {
    return "static";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("org.apache.flume.interceptor.StaticInterceptor$Builder");
  }

  @Override
  public Class<?> componentClass() {
    return StaticInterceptor.class;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.of(KEY, VALUE, PRESERVE_EXISTING);
  }

  @Override
  public StaticInterceptorConfig configure(ConfigValues values) {
    return new StaticInterceptorConfig(
        values.get(KEY), values.get(VALUE), values.get(PRESERVE_EXISTING));
  }

  @Override
  public Interceptor create(StaticInterceptorConfig config, ComponentContext context) {
    return new StaticInterceptor(config);
  }
}
