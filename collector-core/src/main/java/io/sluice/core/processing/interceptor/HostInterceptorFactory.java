package io.sluice.core.processing.interceptor;

import io.sluice.api.Interceptor;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.ComponentContext;
import io.sluice.api.spi.InterceptorFactory;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Set;

/**
 * Factory of the {@code host} interceptor. The host is resolved once, here: with {@code useIP} the
 * local address, otherwise the canonical host name. Unlike Flume, which then silently stops
 * setting the header, a host that cannot be resolved fails the creation (naming the header), so the
 * agent does not start and write events without the header paths depend on. Stateless.
 */
public final class HostInterceptorFactory implements InterceptorFactory<HostInterceptorConfig> {
  public static final ConfigKey<String> HOST_HEADER = ConfigKey.string("hostHeader")
      .defaultValue("host").check(s -> !s.isEmpty(), "a header name").doc("Header that receives the host");
  public static final ConfigKey<Boolean> USE_IP = ConfigKey.bool("useIP")
      .defaultValue(true).doc("Use the IP address (true) or the canonical host name (false)");
  public static final ConfigKey<Boolean> PRESERVE_EXISTING = ConfigKey.bool("preserveExisting")
      .defaultValue(false).doc("Keep the header when the event already has it");

  @Override
  public String type() {
    return "host";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("org.apache.flume.interceptor.HostInterceptor$Builder");
  }

  @Override
  public Class<?> componentClass() {
    return HostInterceptor.class;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.of(HOST_HEADER, USE_IP, PRESERVE_EXISTING);
  }

  @Override
  public HostInterceptorConfig configure(ConfigValues values) {
    return new HostInterceptorConfig(
        values.get(HOST_HEADER), values.get(USE_IP), values.get(PRESERVE_EXISTING));
  }

  @Override
  public Interceptor create(HostInterceptorConfig config, ComponentContext context) {
    return new HostInterceptor(config, resolve(config));
  }

  private static String resolve(HostInterceptorConfig config) {
    try {
      InetAddress local = InetAddress.getLocalHost();
      return config.useIP() ? local.getHostAddress() : local.getCanonicalHostName();
    } catch (UnknownHostException e) {
      throw new IllegalStateException("cannot resolve this host for header '"
          + config.hostHeader() + "' (useIP=" + config.useIP() + "): " + e.getMessage(), e);
    }
  }
}
