package io.sluice.core.sink;

import io.sluice.api.config.BatchSized;
import io.sluice.api.serialization.EventSerializerFactory;
import java.nio.file.Path;

/**
 * The {@code file_roll} sink's settings (Flume's keys under {@code sink.}).
 *
 * @param directory {@code sink.directory}
 * @param rollIntervalSeconds {@code sink.rollInterval}; 0 never rolls
 * @param prefix {@code sink.pathManager.prefix}
 * @param extension {@code sink.pathManager.extension}, without the dot; empty for none
 * @param batchSize {@code sink.batchSize}
 * @param serializer {@code sink.serializer} with its {@code sink.serializer.*} keys
 */
public record RollingFileSinkConfig(
    Path directory, long rollIntervalSeconds, String prefix, String extension, int batchSize,
    EventSerializerFactory serializer) implements BatchSized {

  @Override
  public String batchSizeKey() {
    return "sink.batchSize";
  }
}
