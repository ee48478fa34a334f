package io.sluice.core.processing.interceptor;

import io.sluice.api.Interceptor;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.ComponentContext;
import io.sluice.api.spi.InterceptorFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Optional;

/**
 * Factory of the {@code sequence} interceptor, Sluice's own (Flume has none): the edge half of the
 * conservation headers. The default origin is {@code <agent>@<host name>}, resolved once here.
 * Stateless.
 */
public final class SequenceInterceptorFactory
    implements InterceptorFactory<SequenceInterceptorConfig> {
  public static final ConfigKey<String> HEADER_NAME = ConfigKey.string("headerName")
      .defaultValue("sluice.seq").check(s -> !s.isEmpty(), "a header name")
      .doc("Header that receives `<origin>:<epoch>:<n>`");
  public static final ConfigKey<String> ORIGIN = ConfigKey.string("origin").defaultValue("")
      .doc("Who stamps, unique in the cluster; empty for `<agent>@<host name>`");

  @Override
  public String type() {
    return "sequence";
  }

  @Override
  public Class<?> componentClass() {
    return SequenceInterceptor.class;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.of(HEADER_NAME, ORIGIN);
  }

  @Override
  public SequenceInterceptorConfig configure(ConfigValues values) {
    String origin = values.get(ORIGIN);
    return new SequenceInterceptorConfig(values.get(HEADER_NAME),
        origin.isEmpty() ? Optional.empty() : Optional.of(origin));
  }

  @Override
  public Interceptor create(SequenceInterceptorConfig config, ComponentContext context) {
    String origin = config.origin().orElseGet(() -> context.agentName() + "@" + hostName());
    return new SequenceInterceptor(config.headerName(), origin, context.clock(),
        context.metrics());
  }

  private static String hostName() {
    try {
      return InetAddress.getLocalHost().getHostName();
    } catch (UnknownHostException e) {
      throw new IllegalStateException("cannot resolve this host for the sequence origin; set"
          + " 'origin': " + e.getMessage(), e);
    }
  }
}
