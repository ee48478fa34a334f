package io.sluice.core.processing.interceptor;

import io.sluice.api.Interceptor;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigPrefix;
import io.sluice.api.config.ConfigProblem;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.ComponentContext;
import io.sluice.api.spi.InterceptorFactory;
import io.sluice.core.processing.interceptor.RegexExtractorInterceptor.HeaderSerializer;
import io.sluice.core.processing.interceptor.RegexExtractorInterceptorConfig.Serializer;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * Factory of the {@code regex_extractor} interceptor. The {@code serializers.<id>.*} blocks are
 * checked by {@link SerializerBlocks}; millis serializers read zone-less values in the zone of the
 * context's clock. Stateless.
 */
public final class RegexExtractorInterceptorFactory
    implements InterceptorFactory<RegexExtractorInterceptorConfig> {
  public static final ConfigKey<String> REGEX = Patterns.regexKey("regex")
      .required().doc("Regex searched for in the body (UTF-8); its groups become headers");
  public static final ConfigKey<List<String>> SERIALIZERS = ConfigKey.list("serializers")
      .required().check(l -> !l.isEmpty(), "at least one serializer name")
      .doc("Serializer names; group i goes to the i-th");
  public static final ConfigPrefix<String> SERIALIZER_PROPS = ConfigPrefix.strings("serializers.")
      .doc("serializers.<s>.name (header, required), .type (passthrough|millis), .pattern (millis)");

  @Override
  public String type() {
    return "regex_extractor";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("org.apache.flume.interceptor.RegexExtractorInterceptor$Builder");
  }

  @Override
  public Class<?> componentClass() {
    return RegexExtractorInterceptor.class;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.of(REGEX, SERIALIZERS).withPrefixes(SERIALIZER_PROPS);
  }

  @Override
  public RegexExtractorInterceptorConfig configure(ConfigValues values) {
    List<ConfigProblem> problems = new ArrayList<>();
    List<Serializer> serializers = SerializerBlocks.parse(
        SERIALIZER_PROPS.prefix(), values.get(SERIALIZERS), values.get(SERIALIZER_PROPS), problems);
    if (!problems.isEmpty()) {
      throw new ConfigException(problems);
    }
    return new RegexExtractorInterceptorConfig(
        Patterns.compile(REGEX, values.get(REGEX)), serializers);
  }

  @Override
  public Interceptor create(RegexExtractorInterceptorConfig config, ComponentContext context) {
    ZoneId zone = context.clock().getZone();
    List<HeaderSerializer> targets = config.serializers().stream()
        .map(s -> new HeaderSerializer(s.headerName(), s.millisPattern()
            .<GroupSerializer>map(p -> new MillisSerializer(p, zone))
            .orElse(GroupSerializer.PASS_THROUGH)))
        .toList();
    return new RegexExtractorInterceptor(config.regex(), targets);
  }
}
