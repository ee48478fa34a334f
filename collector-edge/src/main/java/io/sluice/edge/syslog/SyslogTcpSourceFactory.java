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
 * Makes the {@code syslogtcp} source, the TCP syslog source (Flume's SyslogTcpSource), with Flume's keys and defaults
 * (see docs/sources/syslog.md). Immutable; thread-safe.
 */
public final class SyslogTcpSourceFactory implements SourceFactory<SyslogSourceConfig> {
  private final SyslogTls tlsGlobals;

  /** Flume's global TLS settings from the JVM's system properties and the process environment. */
  public SyslogTcpSourceFactory() {
    this(SyslogTls.ofProcess());
  }

  SyslogTcpSourceFactory(SyslogTls tlsGlobals) {
    this.tlsGlobals = tlsGlobals;
  }

  @Override
  public String type() {
    return "syslogtcp";
  }

  @Override
  public Set<String> aliases() {
    return Set.of("org.apache.flume.source.SyslogTcpSource");
  }

  @Override
  public Class<?> componentClass() {
    return SyslogTcpSource.class;
  }

  @Override
  public ConfigDef configDef() {
    return SyslogKeys.def(SyslogKeys.PORT, true);
  }

  @Override
  public SyslogSourceConfig configure(ConfigValues v) {
    return SyslogKeys.configure(v, List.of(v.get(SyslogKeys.PORT)), true, true, tlsGlobals);
  }

  @Override
  public Source create(SyslogSourceConfig config, SourceContext context) {
    if (!config.tlsFromGlobals().isEmpty()) {
      LoggerFactory.getLogger(SyslogTcpSourceFactory.class).info("Source {} takes TLS settings from the global"
          + " settings: {}", context.componentName(), String.join(", ", config.tlsFromGlobals()));
    }
    return new SyslogTcpSource(context.componentName(), config, context.channelProcessor(),
        new SyslogCounters(context.metrics()), SyslogParser.inJvmZone(context.clock()),
        context::threadFactory);
  }
}
