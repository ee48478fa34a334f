package io.sluice.edge.syslog;

import io.sluice.api.Source;
import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.SourceContext;
import io.sluice.api.spi.SourceFactory;
import java.util.List;
import java.util.Set;
import org.slf4j.LoggerFactory;

/**
 * Makes the {@code syslogudp} source, the UDP syslog source (Flume's SyslogUDPSource), with Flume's keys and defaults
 * (see docs/sources/syslog.md). Immutable; thread-safe.
 */
public final class SyslogUdpSourceFactory implements SourceFactory<SyslogSourceConfig> {
  private final SyslogTls tlsGlobals;

  /** Flume's global TLS settings from the JVM's system properties and the process environment. */
  public SyslogUdpSourceFactory() {
    this(SyslogTls.ofProcess());
  }

  SyslogUdpSourceFactory(SyslogTls tlsGlobals) {
    this.tlsGlobals = tlsGlobals;
  }

  @Override
  public String type() {
    return "syslogudp";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("org.apache.flume.source.SyslogUDPSource");
  }

  @Override
  public Class<?> componentClass() {
    return SyslogUdpSource.class;
  }

  @Override
  public ConfigDef configDef() {
    return SyslogKeys.def(SyslogKeys.PORT, false);
  }

  @Override
  public SyslogSourceConfig configure(ConfigValues v) {
    return SyslogKeys.configure(v, List.of(v.get(SyslogKeys.PORT)), false, true, tlsGlobals);
  }

  @Override
  public Source create(SyslogSourceConfig config, SourceContext context) {
    if (!config.tlsFromGlobals().isEmpty()) {
      LoggerFactory.getLogger(SyslogUdpSourceFactory.class).info("Source {} takes TLS settings from the global"
          + " settings: {}", context.componentName(), String.join(", ", config.tlsFromGlobals()));
    }
    return new SyslogUdpSource(context.componentName(), config, context.channelProcessor(),
        new SyslogCounters(context.metrics()), SyslogParser.inJvmZone(context.clock()),
        context::threadFactory);
  }
}
