package io.sluice.core.source;

import io.sluice.api.Source;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigKey;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.SourceContext;
import io.sluice.api.spi.SourceFactory;
import io.sluice.core.avro.AvroSourceFactory;
import java.time.Duration;
import java.util.Set;

/** Makes the {@code netcat} source (Flume's NetcatSource). Stateless. */
public final class NetcatSourceFactory implements SourceFactory<NetcatSourceConfig> {
  static final ConfigKey<String> BIND = ConfigKey.string("bind").required()
      .check(s -> !s.isEmpty(), "a host name or address").doc("Address to listen on");
  static final ConfigKey<Integer> PORT = ConfigKey.integer("port").required().between(0, 65535)
      .doc("Port to listen on; 0 picks a free one");
  /** Each connection may buffer this much, so it is bounded (Flume's is not). */
  static final int MAX_LINE_LENGTH_LIMIT = 1 << 20;
  static final ConfigKey<Integer> MAX_LINE_LENGTH = ConfigKey.integer("max-line-length").defaultValue(512)
      .between(1, MAX_LINE_LENGTH_LIMIT).doc("Longest line body in bytes; longer lines are truncated");
  static final ConfigKey<Boolean> ACK_EVERY_EVENT = ConfigKey.bool("ack-every-event").defaultValue(true)
      .doc("Reply OK (or FAILED: reason) to every line");
  static final ConfigKey<Integer> MAX_CONNECTIONS = ConfigKey.integer("max-connections")
      .defaultValue(1024).between(1, 1 << 20)
      .doc("Sluice: more connections than this are closed on accept");
  static final ConfigKey<Integer> MAX_CONNECTIONS_PER_PEER =
      AvroSourceFactory.MAX_CONNECTIONS_PER_PEER;
  static final ConfigKey<Integer> IDLE_TIMEOUT = ConfigKey.integer("idle-timeout")
      .defaultValue(120).between(1, 86_400)
      .doc("Sluice: seconds a connection may go without sending a complete line before it is "
          + "closed (a line trickled byte by byte does not keep it open)");

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
    return ConfigDef.of(BIND, PORT, MAX_LINE_LENGTH, ACK_EVERY_EVENT, MAX_CONNECTIONS,
        MAX_CONNECTIONS_PER_PEER, IDLE_TIMEOUT);
  }

  @Override
  public NetcatSourceConfig configure(ConfigValues values) {
    int maxConnections = values.get(MAX_CONNECTIONS);
    return new NetcatSourceConfig(values.get(BIND), values.get(PORT), values.get(MAX_LINE_LENGTH),
        values.get(ACK_EVERY_EVENT), maxConnections,
        values.isSet(MAX_CONNECTIONS_PER_PEER) ? values.get(MAX_CONNECTIONS_PER_PEER)
            : Math.max(1, maxConnections / 4),
        Duration.ofSeconds(values.get(IDLE_TIMEOUT)));
  }

  @Override
  public Source create(NetcatSourceConfig config, SourceContext context) {
    return new NetcatSource(context.componentName(), config, context.channelProcessor(),
        new SourceCounters(context.metrics()), context::threadFactory);
  }
}
