package io.sluice.core.sinkprocessor;

/**
 * The {@code load_balance} processor's settings.
 *
 * @param backoff {@code backoff}: keep a failed sink out for a growing time (Sluice's default is
 *     true; Flume's false retries a dead sink on every batch)
 * @param selector {@code selector}: {@code round_robin}, {@code random}, {@code least_busy} (lower
 *     case) or a {@link io.sluice.api.SinkSelector} class name
 * @param maxTimeOutMillis {@code selector.maxTimeOut}: the longest a failed sink is kept out
 * @param parallel {@code parallel}: one runner per member instead of Flume's one per group
 * @param probeIntervalMillis {@code probeInterval}: how often penalised members are probed
 */
public record LoadBalancingConfig(
    boolean backoff, String selector, long maxTimeOutMillis, boolean parallel,
    long probeIntervalMillis) {}
