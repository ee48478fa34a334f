/** Per-agent metrics: counters and gauges per component, never JVM-global. */
package io.sluice.core.metrics;
