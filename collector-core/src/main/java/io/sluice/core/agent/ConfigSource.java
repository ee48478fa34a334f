package io.sluice.core.agent;

import java.io.IOException;
import java.util.Map;

/** Where an agent's Flume-format properties come from: a file now, a ZooKeeper node later. */
public interface ConfigSource {

  /** The whole current properties text, parsed. */
  Map<String, String> read() throws IOException;

  /** For logs: the file path or node path. */
  String describe();
}
