package io.sluice.core.processing.interceptor;

import io.sluice.api.Interceptor;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.ComponentContext;
import io.sluice.api.spi.InterceptorFactory;
import java.util.Arrays;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

/** Factory of the {@code remove_header} interceptor. Stateless. */
public final class RemoveHeaderInterceptorFactory
    implements InterceptorFactory<RemoveHeaderInterceptorConfig> {
  public static final ConfigKey<String> WITH_NAME = ConfigKey.string("withName")
      .doc("Name of one header to remove");
  public static final ConfigKey<String> FROM_LIST = ConfigKey.string("fromList")
      .doc("Names of headers to remove, separated by fromListSeparator");
  public static final ConfigKey<String> FROM_LIST_SEPARATOR = Patterns.regexKey("fromListSeparator")
      .defaultValue("\\s*,\\s*").doc("Regex separating the names in fromList");
  public static final ConfigKey<String> MATCHING = Patterns.regexKey("matching")
      .doc("Regex; headers whose whole name matches are removed");

  @Override
  public String type() {
    return "remove_header";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("org.apache.flume.interceptor.RemoveHeaderInterceptor$Builder");
  }

  @Override
  public Class<?> componentClass() {
    return RemoveHeaderInterceptor.class;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.of(WITH_NAME, FROM_LIST, FROM_LIST_SEPARATOR, MATCHING);
  }

  @Override
  public RemoveHeaderInterceptorConfig configure(ConfigValues values) {
    Set<String> fromList = Set.of();
    if (values.isSet(FROM_LIST)) {
      String separator = values.get(FROM_LIST_SEPARATOR);
      fromList = Arrays.stream(Patterns.compile(FROM_LIST_SEPARATOR, separator)
              .split(values.get(FROM_LIST)))
          .filter(s -> !s.isEmpty())
          .collect(Collectors.toSet());
    }
    Optional<String> withName = Optional.ofNullable(values.get(WITH_NAME)).filter(s -> !s.isEmpty());
    return new RemoveHeaderInterceptorConfig(withName, fromList,
        Optional.ofNullable(values.get(MATCHING)).map(r -> Patterns.compile(MATCHING, r)));
  }

  @Override
  public Interceptor create(RemoveHeaderInterceptorConfig config, ComponentContext context) {
    return new RemoveHeaderInterceptor(config);
  }
}
