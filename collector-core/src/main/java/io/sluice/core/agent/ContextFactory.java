package io.sluice.core.agent;

import io.sluice.core.metrics.MetricsRegistry;
import io.sluice.core.runtime.DefaultComponentContext;
import java.time.Clock;

/** Builds the contexts of one agent's components: its name, metrics registry and clock. */
record ContextFactory(String agent, MetricsRegistry metrics, Clock clock) {

  /** A context for component {@code name} whose metrics go to {@code group} (e.g. SINK.k1). */
  DefaultComponentContext.Builder builder(String name, String group) {
    return DefaultComponentContext.builder(agent, name, metrics.group(group)).clock(clock);
  }

  /** A context for component {@code name} whose metrics no endpoint lists. */
  DefaultComponentContext.Builder unlistedBuilder(String name) {
    return DefaultComponentContext.builder(agent, name, metrics.unlisted()).clock(clock);
  }
}
