package io.sluice.core.agent;

import io.sluice.core.config.FlumeProperties;
import java.io.IOException;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** One or more properties files, merged in order (later files override), as Flume's -f list. */
public final class PropertiesFileConfigSource implements ConfigSource {
  private final List<Path> files;

  public PropertiesFileConfigSource(List<Path> files) {
    if (files.isEmpty()) {
      throw new IllegalArgumentException("at least one config file is needed");
    }
    this.files = List.copyOf(files);
  }

  @Override
  public Map<String, String> read() throws IOException {
    Map<String, String> merged = new LinkedHashMap<>();
    for (Path f : files) {
      merged.putAll(FlumeProperties.read(f));
    }
    return merged;
  }

  @Override
  public String describe() {
    return files.size() == 1 ? files.get(0).toString() : files.toString();
  }
}
