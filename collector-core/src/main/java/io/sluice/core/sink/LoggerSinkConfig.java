package io.sluice.core.sink;

import io.sluice.api.config.BatchSized;

/** The {@code logger} sink's settings: {@code maxBytesToLog} (16) and {@code batchSize} (100). */
public record LoggerSinkConfig(int maxBytesToLog, int batchSize) implements BatchSized {
  @Override
  public String batchSizeKey() {
    return "batchSize";
  }
}
