package io.sluice.edge.syslog;

import io.sluice.api.Source;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.SourceContext;
import io.sluice.api.spi.SourceFactory;
import java.util.Set;

/**
 * Makes the {@code netcatudp} source (Flume's NetcatUdpSource): one datagram, one event. It lives
 * with the syslog sources because it is their UDP receiver without the syslog parsing. Stateless.
 */
public final class NetcatUdpSourceFactory implements SourceFactory<NetcatUdpSourceConfig> {
  static final ConfigKey<String> BIND = ConfigKey.string("bind")
      .doc("Address to listen on; unset listens on every address");
  static final ConfigKey<Integer> PORT = ConfigKey.integer("port").required().between(0, 65535)
      .doc("Port to listen on; 0 picks a free one");
  static final ConfigKey<String> REMOTE_ADDRESS_HEADER = ConfigKey.string("remoteAddressHeader")
      .doc("Header to put the sender's address in, as /ip:port; unset adds none");
  // The user guide documents remoteAddressHeader but Flume 1.11's code reads remoteAddress, so
  // configs written against either name work.
  static final ConfigKey<String> REMOTE_ADDRESS = ConfigKey.string("remoteAddress")
      .doc("Same as remoteAddressHeader (the name Flume 1.11's code reads)");

  @Override
  public String type() {
    return "netcatudp";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("org.apache.flume.source.NetcatUdpSource");
  }

  @Override
  public Class<?> componentClass() {
    return NetcatUdpSource.class;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.of(BIND, PORT, REMOTE_ADDRESS_HEADER, REMOTE_ADDRESS);
  }

  @Override
  public NetcatUdpSourceConfig configure(ConfigValues v) {
    String documented = blankToNull(v.get(REMOTE_ADDRESS_HEADER));
    String coded = blankToNull(v.get(REMOTE_ADDRESS));
    if (documented != null && coded != null && !documented.equals(coded)) {
      throw new ConfigException(REMOTE_ADDRESS.name(), "names header '" + coded
          + "' but remoteAddressHeader names '" + documented + "'; set one of them");
    }
    return new NetcatUdpSourceConfig(blankToNull(v.get(BIND)), v.get(PORT),
        documented != null ? documented : coded);
  }

  @Override
  public Source create(NetcatUdpSourceConfig config, SourceContext context) {
    return new NetcatUdpSource(context.componentName(), config, context.channelProcessor(),
        context.metrics(), context::threadFactory);
  }

  private static String blankToNull(String s) {
    return s == null || s.isBlank() ? null : s.trim();
  }
}
