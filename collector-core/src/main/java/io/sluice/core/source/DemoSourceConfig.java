package io.sluice.core.source;

import io.sluice.api.config.BatchSized;

/**
 * The {@code demo} source's settings.
 *
 * @param rate {@code rate}: events per second (100)
 * @param eventSize {@code eventSize}: body length in bytes, padded (100; at least the id fits)
 * @param batchSize {@code batchSize}: most events per channel transaction (100)
 * @param prefix {@code prefix}: first word of every body (default: the agent's name)
 * @param totalEvents {@code totalEvents}: events produced before the source goes idle (unbounded)
 */
public record DemoSourceConfig(int rate, int eventSize, int batchSize, String prefix,
    long totalEvents) implements BatchSized {
  @Override
  public String batchSizeKey() {
    return "batchSize";
  }
}
