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
 * Makes the {@code multiport_syslogtcp} source, the multi-port TCP syslog source (Flume's MultiportSyslogTCPSource), with Flume's keys and defaults
 * (see docs/sources/syslog.md). Immutable; thread-safe.
 */
public final class MultiportSyslogTcpSourceFactory implements SourceFactory<SyslogSourceConfig> {
  private final SyslogTls tlsGlobals;

  /** Flume's global TLS settings from the JVM's system properties and the process environment. */
  public MultiportSyslogTcpSourceFactory() {
    this(SyslogTls.ofProcess());
  }

  MultiportSyslogTcpSourceFactory(SyslogTls tlsGlobals) {
    this.tlsGlobals = tlsGlobals;
  }

  @Override
  public String type() {
    return "multiport_syslogtcp";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("org.apache.flume.source.MultiportSyslogTCPSource");
  }

  /**
   * Both TCP variants run as {@link SyslogTcpSource}, whose name selects the single-port factory;
   * this one is picked by its type, Flume's class name or its own name.
   */
  @Override
  public Class<?> componentClass() {
    return MultiportSyslogTcpSourceFactory.class;
  }

  @Override
  public ConfigDef configDef() {
    return SyslogKeys.def(SyslogKeys.PORTS, true);
  }

  @Override
  public SyslogSourceConfig configure(ConfigValues v) {
    return SyslogKeys.configure(v, SyslogKeys.ports(v.get(SyslogKeys.PORTS)), true, false, tlsGlobals);
  }

  @Override
  public Source create(SyslogSourceConfig config, SourceContext context) {
    if (!config.tlsFromGlobals().isEmpty()) {
      LoggerFactory.getLogger(MultiportSyslogTcpSourceFactory.class).info("Source {} takes TLS settings from the global"
          + " settings: {}", context.componentName(), String.join(", ", config.tlsFromGlobals()));
    }
    // Flume's multiport source reads messages with its own SyslogParser, not SyslogUtils
    return new SyslogTcpSource(context.componentName(), config, context.channelProcessor(),
        new SyslogCounters(context.metrics()), new MultiportSyslogParser(config.keepFields(),
        config.structuredHeaders(), context.clock()), context::threadFactory);
  }
}
