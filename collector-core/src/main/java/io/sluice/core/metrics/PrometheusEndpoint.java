package io.sluice.core.metrics;

import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.expositionformats.ExpositionFormatWriter;
import io.prometheus.metrics.expositionformats.ExpositionFormats;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.Unit;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.function.Supplier;

/**
 * One agent's Prometheus exposition, built on the Prometheus client library: a registry of its own
 * (never the library's default, so two agents in one JVM stay apart) holding the component
 * families ({@link ComponentCollector}) and the agent's own: {@code sluice_agent_ready},
 * {@code sluice_component_up}, {@code sluice_config_reloads_total}, ... Text format 0.0.4, or
 * OpenMetrics when the scraper's {@code Accept} asks for it.
 */
final class PrometheusEndpoint {
  private static final String[] COMPONENT_LABELS =
      {"agent", "component_kind", "component", "component_type"};

  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ExpositionFormats formats = ExpositionFormats.init();

  /** The rendered body and its content type. */
  record Scrape(String contentType, byte[] body) {}

  PrometheusEndpoint(String agentName, Supplier<? extends MonitoredAgent> agent) {
    registry.register(new ComponentCollector(agent));
    GaugeWithCallback.builder().name("sluice_agent_ready")
        .help("1 when the agent is ready to receive traffic (as /health/ready), else 0")
        .labelNames("agent")
        .callback(cb -> cb.call(Readiness.problems(agent.get()).isEmpty() ? 1 : 0, agentName))
        .register(registry);
    GaugeWithCallback.builder().name("sluice_agent_start_time_seconds").unit(Unit.SECONDS)
        .help("When the agent started, in Unix seconds").labelNames("agent")
        .callback(cb -> {
          MonitoredAgent a = agent.get();
          if (a != null) {
            cb.call(a.status().startTimeMillis() / 1000.0, agentName);
          }
        }).register(registry);
    CounterWithCallback.builder().name("sluice_config_reloads")
        .help("Configuration changes applied by hot reload").labelNames("agent")
        .callback(cb -> {
          MonitoredAgent a = agent.get();
          cb.call(a == null ? 0 : a.status().reloads(), agentName);
        }).register(registry);
    GaugeWithCallback.builder().name("sluice_config_last_reload_timestamp_seconds")
        .unit(Unit.SECONDS)
        .help("When a configuration change was last applied, in Unix seconds").labelNames("agent")
        .callback(cb -> {
          MonitoredAgent a = agent.get();
          if (a != null && a.status().lastReloadMillis() > 0) {
            cb.call(a.status().lastReloadMillis() / 1000.0, agentName);
          }
        }).register(registry);
    GaugeWithCallback.builder().name("sluice_component_up")
        .help("1 while the component runs, 0 while it waits for a restart")
        .labelNames(COMPONENT_LABELS)
        .callback(cb -> {
          MonitoredAgent a = agent.get();
          if (a != null) {
            for (ComponentStatus c : a.status().components()) {
              cb.call(c.running() ? 1 : 0, agentName, c.kind().label(), c.name(), c.type());
            }
          }
        }).register(registry);
  }

  /** Scrapes now, in the format {@code accept} (the request's Accept header, may be null) asks. */
  Scrape scrape(String accept) throws IOException {
    ExpositionFormatWriter writer = formats.findWriter(accept);
    if (!writer.isAvailable()) {
      // Protobuf is not on the classpath: the text format serves every Prometheus.
      writer = formats.getPrometheusTextFormatWriter();
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(8192);
    writer.write(out, registry.scrape());
    return new Scrape(writer.getContentType(), out.toByteArray());
  }
}
