package io.sluice.core.processing.interceptor;

import io.sluice.api.Interceptor;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.ComponentContext;
import io.sluice.api.spi.InterceptorFactory;
import java.util.Set;

/** Factory of the {@code regex_filter} interceptor. Stateless. */
public final class RegexFilteringInterceptorFactory
    implements InterceptorFactory<RegexFilteringInterceptorConfig> {
  public static final ConfigKey<String> REGEX = Patterns.regexKey("regex")
      .defaultValue(".*").doc("Regex searched for in the body (UTF-8)");
  public static final ConfigKey<Boolean> EXCLUDE_EVENTS = ConfigKey.bool("excludeEvents")
      .defaultValue(false).doc("Drop matching events instead of keeping only them");

  @Override
  public String type() {
    return "regex_filter";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("org.apache.flume.interceptor.RegexFilteringInterceptor$Builder");
  }

  @Override
  public Class<?> componentClass() {
    return RegexFilteringInterceptor.class;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.of(REGEX, EXCLUDE_EVENTS);
  }

  @Override
  public RegexFilteringInterceptorConfig configure(ConfigValues values) {
    return new RegexFilteringInterceptorConfig(
        Patterns.compile(REGEX, values.get(REGEX)), values.get(EXCLUDE_EVENTS));
  }

  @Override
  public Interceptor create(RegexFilteringInterceptorConfig config, ComponentContext context) {
    return new RegexFilteringInterceptor(config);
  }
}
