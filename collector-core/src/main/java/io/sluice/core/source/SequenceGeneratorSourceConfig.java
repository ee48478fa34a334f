package io.sluice.core.source;

import io.sluice.api.config.BatchSized;

/**
 * The {@code seq} source's settings.
 *
 * @param batchSize {@code batchSize} (1)
 * @param totalEvents {@code totalEvents} (Long.MAX_VALUE): numbers 0 .. totalEvents-1 are produced
 * @param backoffSleepIncrement {@code backoffSleepIncrement} (1000 ms)
 * @param maxBackoffSleep {@code maxBackoffSleep} (5000 ms)
 */
public record SequenceGeneratorSourceConfig(
    int batchSize, long totalEvents, long backoffSleepIncrement, long maxBackoffSleep) implements BatchSized {
  @Override
  public String batchSizeKey() {
    return "batchSize";
  }
}
