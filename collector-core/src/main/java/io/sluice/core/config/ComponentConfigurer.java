package io.sluice.core.config;

import io.sluice.api.config.ConfigException;
import io.sluice.api.config.ConfigProblem;
import io.sluice.api.spi.ComponentFactory;
import io.sluice.api.spi.ComponentKind;
import io.sluice.core.registry.ComponentRegistry;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns one component's type and keys into its factory and typed config, reporting every problem
 * with its full key. Returns null when the component cannot be configured; the caller goes on so
 * all problems of the agent are found in one pass.
 */
final class ComponentConfigurer {

  /** A configured component: its factory and the typed config record the factory built. */
  record Configured(ComponentFactory<Object> factory, Object config) {}

  private final ComponentRegistry registry;
  private final Findings findings;
  private final List<ConfigProblem> problems;
  private final List<String> warnings;

  ComponentConfigurer(ComponentRegistry registry, Findings findings) {
    this.registry = registry;
    this.findings = findings;
    this.problems = findings.problems;
    this.warnings = findings.warnings;
  }

  /**
   * @param typeKey the full key naming the type, for errors ({@code a1.sources.r1.type})
   * @param type the type as written, or null when not given
   * @param keys the component's own keys, relative to {@code keyPrefix}
   */
  @SuppressWarnings("unchecked")
  Configured configure(
      ComponentKind kind, String typeKey, String type, Map<String, String> keys, String keyPrefix) {
    if (type == null || type.isBlank()) {
      problems.add(new ConfigProblem(typeKey, "is required; known types: "
          + String.join(", ", registry.typeNames(kind))));
      return null;
    }
    ComponentRegistry.Lookup lookup = registry.lookup(kind, type.trim());
    if (!lookup.found()) {
      problems.add(new ConfigProblem(typeKey, lookup.error()));
      return null;
    }
    ComponentFactory<Object> factory = (ComponentFactory<Object>) lookup.factory();
    if (findings.lenient()) {
      keys = withoutUnknownKeys(factory, keys, keyPrefix);
    }
    ConfigParser.Result parsed = ConfigParser.parse(factory.configDef(), keys, keyPrefix,
        registry.serializerResolver());
    warnings.addAll(parsed.warnings());
    if (!parsed.ok()) {
      problems.addAll(parsed.problems());
      return null;
    }
    try {
      return new Configured(factory, factory.configure(parsed.values()));
    } catch (ConfigException e) {
      e.problems().forEach(p -> problems.add(new ConfigProblem(keyPrefix + p.key(), p.message())));
    } catch (RuntimeException e) {
      problems.add(new ConfigProblem(typeKey, "invalid " + type + " configuration: " + e.getMessage()));
    }
    return null;
  }

  /** Flume's components read the keys they know and never see the others: so are they here. */
  private Map<String, String> withoutUnknownKeys(
      ComponentFactory<Object> factory, Map<String, String> keys, String keyPrefix) {
    Map<String, String> known = new LinkedHashMap<>();
    keys.forEach((k, v) -> {
      String unknown = ConfigParser.unknownKey(factory.configDef(), k);
      if (unknown == null) {
        known.put(k, v);
      } else {
        findings.ignorable(keyPrefix + k, unknown, "ignored");
      }
    });
    return known;
  }
}
