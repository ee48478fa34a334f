package io.sluice.deploy.quickstart;

import java.nio.file.Path;
import java.util.List;

/**
 * The Flume-format properties of the quickstart's agents. Aggregators: Avro source, file channel,
 * HDFS sink (DataStream text, one directory per aggregator). Edges: an {@link EdgeSource} (a
 * {@code TAILDIR} source over a log directory, or the paced {@code demo} source), a file channel
 * and a load-balancing sink group to the aggregators, either listed statically
 * (Avro sinks to fixed ports) or discovered in ZooKeeper (the {@code zookeeper} discovery plugin).
 * The conservation headers are on: edges stamp ({@code sequence}, origin = the edge's name),
 * aggregators check ({@code sequenceCheck}, windows kept in {@code <dir>/sequence} across a kill),
 * so a drill can merge them over the tier. Stateless.
 */
public final class ClusterConfigs {
  /** Where every aggregator writes, under the HDFS URL; the launcher reads it back. */
  public static final String HDFS_ROOT = "/sluice/quickstart";
  /** The cluster name in ZooKeeper. */
  public static final String CLUSTER = "quickstart";
  /** The tier aggregators register in and edges discover. */
  public static final String TIER = "aggregators";

  private ClusterConfigs() {}

  public static String aggregator(String name, int avroPort, String hdfsUrl, Path dir) {
    return """
        NAME.sources = r1
        NAME.channels = c1
        NAME.sinks = k1
        NAME.sources.r1.type = avro
        NAME.sources.r1.bind = 127.0.0.1
        NAME.sources.r1.port = %d
        NAME.sources.r1.channels = c1
        NAME.sources.r1.interceptors = check
        NAME.sources.r1.interceptors.check.type = sequenceCheck
        NAME.sources.r1.interceptors.check.stateDir = %s
        NAME.channels.c1.type = file
        NAME.channels.c1.checkpointDir = %s
        NAME.channels.c1.dataDirs = %s
        NAME.channels.c1.capacity = 1000000
        NAME.channels.c1.transactionCapacity = 1000
        NAME.sinks.k1.type = hdfs
        NAME.sinks.k1.channel = c1
        NAME.sinks.k1.hdfs.path = %s%s/NAME
        NAME.sinks.k1.hdfs.filePrefix = events
        NAME.sinks.k1.hdfs.fileType = DataStream
        NAME.sinks.k1.hdfs.batchSize = 100
        NAME.sinks.k1.hdfs.rollInterval = 30
        NAME.sinks.k1.hdfs.rollSize = 0
        NAME.sinks.k1.hdfs.rollCount = 0
        NAME.sinks.k1.hdfs.minBlockReplicas = 1
        """.formatted(avroPort, slash(dir.resolve("sequence")), slash(dir.resolve("checkpoint")), slash(dir.resolve("data")),
            hdfsUrl, HDFS_ROOT).replace("NAME", name);
  }

  /**
   * An edge whose sink group lists one Avro sink per aggregator port (works without ZooKeeper).
   */
  public static String staticEdge(String name, EdgeSource source, List<Integer> aggPorts,
      Path dir) {
    StringBuilder b = new StringBuilder(edgeCommon(source, dir));
    StringBuilder sinks = new StringBuilder();
    for (int i = 0; i < aggPorts.size(); i++) {
      String k = "k" + (i + 1);
      sinks.append(i == 0 ? "" : " ").append(k);
      b.append("""
          NAME.sinks.K.type = avro
          NAME.sinks.K.channel = c1
          NAME.sinks.K.hostname = 127.0.0.1
          NAME.sinks.K.port = %d
          NAME.sinks.K.batch-size = 100
          """.formatted(aggPorts.get(i)).replace("K", k));
    }
    b.append("NAME.sinks = ").append(sinks).append('\n');
    b.append("NAME.sinkgroups.g1.sinks = ").append(sinks).append('\n');
    b.append("""
        NAME.sinkgroups.g1.processor.type = load_balance
        NAME.sinkgroups.g1.processor.backoff = true
        """);
    return b.toString().replace("NAME", name);
  }

  /** An edge whose sink group follows the aggregators of the tier {@code where} names. */
  public static String discoveringEdge(String name, EdgeSource source, TierLocation where,
      Path dir) {
    return (edgeCommon(source, dir) + """
        NAME.sinkgroups.g1.discovery = zookeeper
        NAME.sinkgroups.g1.discovery.connect = %s
        NAME.sinkgroups.g1.discovery.cluster = %s
        NAME.sinkgroups.g1.discovery.basePath = %s
        NAME.sinkgroups.g1.discovery.tier = %s
        NAME.sinkgroups.g1.discovery.cacheDir = %s
        NAME.sinkgroups.g1.channel = c1
        NAME.sinkgroups.g1.sink.batch-size = 100
        NAME.sinkgroups.g1.processor.type = load_balance
        """.formatted(where.connect(), where.cluster(), where.basePath(), where.tier(),
            slash(dir.resolve("discovery-cache")))).replace("NAME", name);
  }

  private static String edgeCommon(EdgeSource source, Path dir) {
    return source.properties() + """
        NAME.sources = r1
        NAME.channels = c1
        NAME.sinkgroups = g1
        NAME.sources.r1.channels = c1
        NAME.sources.r1.interceptors = seq
        NAME.sources.r1.interceptors.seq.type = sequence
        NAME.sources.r1.interceptors.seq.origin = NAME
        NAME.channels.c1.type = file
        NAME.channels.c1.checkpointDir = %s
        NAME.channels.c1.dataDirs = %s
        NAME.channels.c1.capacity = 1000000
        NAME.channels.c1.transactionCapacity = 1000
        """.formatted(slash(dir.resolve("checkpoint")), slash(dir.resolve("data")));
  }

  static String slash(Path p) {
    return p.toAbsolutePath().toString().replace('\\', '/');
  }
}
