package io.sluice.flumecompat;

import io.sluice.api.config.ConfigDef;
import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigValues;
import io.sluice.api.spi.ComponentFactory;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The shared part of the factories of Flume components: the type is the name the config gives,
 * the config is open (a Flume component takes any key through its {@code Context}), and
 * {@link #configure} makes and configures a throwaway instance, as Flume does when it loads a
 * config, so a key the component refuses is a configuration problem named at load time.
 */
abstract class FlumeFactory implements ComponentFactory<FlumeComponentConfig> {
  private final FlumeRuntime runtime;
  private final Class<?> componentClass;
  private final String type;

  FlumeFactory(FlumeRuntime runtime, Class<?> componentClass, String type) {
    this.runtime = runtime;
    this.componentClass = componentClass;
    this.type = type;
  }

  @Override
  public String type() {
    return type;
  }

  @Override
  public Class<?> componentClass() {
    return componentClass;
  }

  @Override
  public ConfigDef configDef() {
    return ConfigDef.empty().open();
  }

  @Override
  public FlumeComponentConfig configure(ConfigValues values) {
    Map<String, String> keys = new LinkedHashMap<>(values.raw());
    String problem;
    try {
      problem = runtime.bridge().check(kind(), componentClass, keys);
    } catch (FlumeRuntime.Unavailable e) {
      problem = e.getMessage();
    }
    if (problem != null) {
      throw new ConfigException("type", problem);
    }
    return new FlumeComponentConfig(type, componentClass, keys);
  }

  FlumeBridge bridge() {
    try {
      return runtime.bridge();
    } catch (FlumeRuntime.Unavailable e) {
      throw new IllegalStateException(e.getMessage(), e);
    }
  }
}
