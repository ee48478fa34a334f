package io.sluice.core.config;

/** Configs from Flume's documentation, kept verbatim: they must run on Sluice unchanged. */
public final class FlumeExamples {
  private FlumeExamples() {}

  /** The user guide's "A simple example" (example.conf): netcat on localhost:44444 to a logger. */
  public static final String USER_GUIDE_EXAMPLE = """
      # example.conf: A single-node Flume configuration

      # Name the components on this agent
      a1.sources = r1
      a1.sinks = k1
      a1.channels = c1

      # Describe/configure the source
      a1.sources.r1.type = netcat
      a1.sources.r1.bind = localhost
      a1.sources.r1.port = 44444

      # Describe the sink
      a1.sinks.k1.type = logger

      # Use a channel which buffers events in memory
      a1.channels.c1.type = memory
      a1.channels.c1.capacity = 1000
      a1.channels.c1.transactionCapacity = 100

      # Bind the source and sink to the channel
      a1.sources.r1.channels = c1
      a1.sinks.k1.channel = c1
      """;
}
