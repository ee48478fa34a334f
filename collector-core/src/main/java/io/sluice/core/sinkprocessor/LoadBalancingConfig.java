package io.sluice.core.sinkprocessor;

/**
 * The {@code load_balance} processor's settings.
 *
 * @param backoff {@code backoff}: keep a failed sink out for a growing time
 * @param selector {@code selector}: {@code round_robin} or {@code random}, lower case
 * @param maxTimeOutMillis {@code selector.maxTimeOut}: the longest a failed sink is kept out
 */
public record LoadBalancingConfig(boolean backoff, String selector, long maxTimeOutMillis) {}
