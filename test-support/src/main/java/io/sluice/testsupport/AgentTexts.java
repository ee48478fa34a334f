package io.sluice.testsupport;

import io.sluice.coordination.ZkSettings;
import java.nio.file.Path;

/** Agent config text blocks that several modules' tests start from. */
public final class AgentTexts {
  private AgentTexts() {}

  /**
   * Edge {@code e1}: an idle Avro source nobody sends to (the test puts into channel {@code c1}),
   * a memory channel, and sink group {@code g1} discovered from tier {@code tier} in ZooKeeper,
   * load-balanced, batches of 100.
   *
   * @param groupKeys more keys of {@code g1} without the prefix, one a line (e.g. {@code
   *     sink.request-timeout = 5000}), or empty
   */
  public static String discoveredEdge(ZkSettings zk, String tier, Path cacheDir,
      String groupKeys) {
    StringBuilder text = new StringBuilder("""
        e1.sources = idle
        e1.sources.idle.type = avro
        e1.sources.idle.bind = 127.0.0.1
        e1.sources.idle.port = 0
        e1.sources.idle.channels = c1
        e1.channels = c1
        e1.channels.c1.type = memory
        e1.channels.c1.capacity = 200000
        e1.channels.c1.transactionCapacity = 1000
        e1.channels.c1.keep-alive = 0.2
        e1.sinkgroups = g1
        e1.sinkgroups.g1.channel = c1
        e1.sinkgroups.g1.discovery = zookeeper
        e1.sinkgroups.g1.discovery.connect = %s
        e1.sinkgroups.g1.discovery.cluster = %s
        e1.sinkgroups.g1.discovery.tier = %s
        e1.sinkgroups.g1.discovery.cacheDir = %s
        e1.sinkgroups.g1.processor.type = load_balance
        e1.sinkgroups.g1.sink.batch-size = 100
        """.formatted(zk.connectString(), zk.cluster(), tier, TestAgents.slash(cacheDir)));
    for (String line : groupKeys.strip().split("\n")) {
      if (!line.isBlank()) {
        text.append("e1.sinkgroups.g1.").append(line.strip()).append('\n');
      }
    }
    return text.toString();
  }
}
