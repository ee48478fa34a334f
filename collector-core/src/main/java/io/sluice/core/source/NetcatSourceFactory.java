package io.sluice.core.source;

import io.sluice.api.Source;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.SourceContext;
import io.sluice.api.spi.SourceFactory;
import java.util.Set;

/** Makes the {@code netcat} source (Flume's NetcatSource). Stateless. */
public final class NetcatSourceFactory implements SourceFactory<NetcatSourceConfig> {
  static final ConfigKey<String> BIND = ConfigKey.string("bind").required()
      .check(s -> !s.isEmpty(), "a host name or address").doc("Address to listen on");
  static final ConfigKey<Integer> PORT = ConfigKey.integer("port").required().between(0, 65535)
      .doc("Port to listen on; 0 picks a free one");
  static final ConfigKey<Integer> MAX_LINE_LENGTH = ConfigKey.integer("max-line-length").defaultValue(512)
      .atLeast(1).doc("Longest line body in bytes; longer lines are truncated");
  static final ConfigKey<Boolean> ACK_EVERY_EVENT = ConfigKey.bool("ack-every-event").defaultValue(true)
      .doc("Reply OK (or FAILED: reason) to every line");

  @Override
  public String type() {
    return "netcat";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("org.apache.flume.source.NetcatSource");
  }

  @Override
  public Class<?> componentClass() {
    return NetcatSource.class;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.of(BIND, PORT, MAX_LINE_LENGTH, ACK_EVERY_EVENT);
  }

  @Override
  public NetcatSourceConfig configure(ConfigValues values) {
    return new NetcatSourceConfig(values.get(BIND), values.get(PORT), values.get(MAX_LINE_LENGTH),
        values.get(ACK_EVERY_EVENT));
  }

  @Override
  public Source create(NetcatSourceConfig config, SourceContext context) {
    return new NetcatSource(context.componentName(), config, context.channelProcessor(),
        new SourceCounters(context.metrics()), context.threadFactory("acceptor"),
        context.threadFactory("connection"));
  }
}
