package io.sluice.core.testutil;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.spi.ComponentFactory;
import io.sluice.core.config.ConfigParser;
import java.util.Map;

/** Builds a factory's typed config from raw keys, as the runtime would. */
public final class Configs {
  private Configs() {}

  public static <C> C configure(ComponentFactory<C> factory, Map<String, String> raw) {
    ConfigParser.Result r = ConfigParser.parse(factory.configDef(), raw, "");
    assertTrue(r.ok(), () -> "unexpected config problems: " + r.problems());
    return factory.configure(r.values());
  }

  public static ConfigParser.Result parse(ComponentFactory<?> factory, Map<String, String> raw) {
    return ConfigParser.parse(factory.configDef(), raw, "");
  }
}
