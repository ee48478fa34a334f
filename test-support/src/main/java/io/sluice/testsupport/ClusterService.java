package io.sluice.testsupport;

import java.nio.file.Path;
import java.util.Map;

/**
 * Something an {@link InProcessCluster} starts before its agents and stops after them (an HDFS
 * MiniDFSCluster, say), and the placeholders it gives the agents' config text.
 */
public interface ClusterService extends AutoCloseable {

  /** Placeholder name (without braces) to value, e.g. {@code hdfs.uri}. */
  Map<String, String> placeholders();

  /** Starts a service in its own directory. */
  @FunctionalInterface
  interface Starter {
    ClusterService start(Path dir) throws Exception;
  }
}
