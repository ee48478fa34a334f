package io.sluice.core.processing.interceptor;

import io.sluice.api.Interceptor;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.ComponentContext;
import io.sluice.api.spi.InterceptorFactory;
import java.util.Set;

/**
 * Factory of the {@code uuid} interceptor (Flume ships it in its morphline module, without a short
 * name; {@code uuid} is Sluice's). Stateless.
 */
public final class UuidInterceptorFactory implements InterceptorFactory<UuidInterceptorConfig> {
  public static final ConfigKey<String> HEADER_NAME = ConfigKey.string("headerName")
      .defaultValue("id").check(s -> !s.isEmpty(), "a header name").doc("Header that receives the UUID");
  public static final ConfigKey<Boolean> PRESERVE_EXISTING = ConfigKey.bool("preserveExisting")
      .defaultValue(true).doc("Keep the header when the event already has it");
  public static final ConfigKey<String> PREFIX = ConfigKey.string("prefix")
      .defaultValue("").doc("Text put before every UUID");

  @Override
  public String type() {
    return "uuid";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("org.apache.flume.sink.solr.morphline.UUIDInterceptor$Builder");
  }

  @Override
  public Class<?> componentClass() {
    return UuidInterceptor.class;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.of(HEADER_NAME, PRESERVE_EXISTING, PREFIX);
  }

  @Override
  public UuidInterceptorConfig configure(ConfigValues values) {
    return new UuidInterceptorConfig(
        values.get(HEADER_NAME), values.get(PRESERVE_EXISTING), values.get(PREFIX));
  }

  @Override
  public Interceptor create(UuidInterceptorConfig config, ComponentContext context) {
    return new UuidInterceptor(config);
  }
}
