/**
 * Per-agent metrics (counters and gauges per component, never JVM-global) and how they are
 * watched: Flume's JSON, Flume's JMX names, Prometheus, health and status (docs/monitoring.md).
 */
package io.sluice.core.metrics;
