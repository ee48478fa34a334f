package io.sluice.api.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Everything a component accepts: its keys and key prefixes. Any other key given to the component
 * is an error (with a did-you-mean), unless the definition is {@link #open()}.
 */
public final class ConfigDef {
  private final List<ConfigKey<?>> keys;
  private final List<ConfigPrefix<?>> prefixes;
  private final boolean open;

  private ConfigDef(List<ConfigKey<?>> keys, List<ConfigPrefix<?>> prefixes, boolean open) {
    this.keys = List.copyOf(keys);
    this.prefixes = List.copyOf(prefixes);
    this.open = open;
  }

  public static ConfigDef of(ConfigKey<?>... keys) {
    return new ConfigDef(Arrays.asList(keys), List.of(), false);
  }

  public static ConfigDef empty() {
    return new ConfigDef(List.of(), List.of(), false);
  }

  /** Adds keys; used to extend a shared base definition. */
  public ConfigDef with(ConfigKey<?>... more) {
    List<ConfigKey<?>> all = new ArrayList<>(keys);
    all.addAll(Arrays.asList(more));
    return new ConfigDef(all, prefixes, open);
  }

  public ConfigDef withPrefixes(ConfigPrefix<?>... more) {
    List<ConfigPrefix<?>> all = new ArrayList<>(prefixes);
    all.addAll(Arrays.asList(more));
    return new ConfigDef(keys, all, open);
  }

  /** Accepts undeclared keys too (reachable through {@link ConfigValues#raw()}). */
  public ConfigDef open() {
    return new ConfigDef(keys, prefixes, true);
  }

  public List<ConfigKey<?>> keys() {
    return keys;
  }

  public List<ConfigPrefix<?>> prefixes() {
    return prefixes;
  }

  public boolean isOpen() {
    return open;
  }
}
