package io.sluice.core.processing;

import io.sluice.api.Channel;
import io.sluice.api.config.ConfigException;
import io.sluice.api.spi.ComponentFactory;
import io.sluice.core.config.ConfigParser;
import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import java.time.Clock;
import java.util.LinkedHashMap;
import java.util.Map;

/** Test helpers: configure a factory the way the runtime does, and build contexts. */
public final class Components {
  private Components() {}

  /** Parses {@code raw} against the factory's definition, then builds its typed config. */
  public static <C> C configure(ComponentFactory<C> factory, Map<String, String> raw) {
    ConfigParser.Result parsed = ConfigParser.parse(factory.configDef(), raw, "");
    if (!parsed.ok()) {
      throw new ConfigException(parsed.problems());
    }
    return factory.configure(parsed.values());
  }

  public static DefaultComponentContext context(Clock clock, Channel... channels) {
    Map<String, Channel> byName = new LinkedHashMap<>();
    for (Channel c : channels) {
      byName.put(c.getName(), c);
    }
    return DefaultComponentContext.builder("a1", "r1", new MetricsRegistry().group("SOURCE.r1"))
        .clock(clock)
        .channels(byName)
        .build();
  }

  public static DefaultComponentContext context(Channel... channels) {
    return context(Clock.systemUTC(), channels);
  }
}
