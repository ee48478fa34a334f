package io.sluice.core.source;

import io.sluice.api.ChannelProcessor;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import io.sluice.core.testutil.Configs;
import java.util.HashMap;
import java.util.Map;

/** Builds a started netcat source {@code a1/r1} on 127.0.0.1 and a free port, as the runtime would. */
final class NetcatSources {
  private NetcatSources() {}

  static NetcatSource start(Map<String, String> extra, ChannelProcessor channels,
      MetricsRegistry metrics) throws Exception {
    Map<String, String> raw = new HashMap<>(Map.of("bind", "127.0.0.1", "port", "0"));
    raw.putAll(extra);
    NetcatSourceFactory f = new NetcatSourceFactory();
    NetcatSource source = (NetcatSource) f.create(Configs.configure(f, raw),
        DefaultComponentContext.builder("a1", "r1", metrics.group("SOURCE.r1"))
            .channelProcessor(channels).build());
    source.start();
    return source;
  }
}
