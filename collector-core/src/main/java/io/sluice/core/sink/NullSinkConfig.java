package io.sluice.core.sink;

import io.sluice.api.config.BatchSized;

/** The {@code null} sink's settings: {@code batchSize} (100). */
public record NullSinkConfig(int batchSize) implements BatchSized {
  @Override
  public String batchSizeKey() {
    return "batchSize";
  }
}
