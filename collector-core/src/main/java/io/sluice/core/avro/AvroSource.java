package io.sluice.core.avro;

import io.sluice.api.ChannelProcessor;
import io.sluice.api.EventDrivenSource;
import io.sluice.rpc.server.AvroRpcServer;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's Avro source: serves {@code AvroSourceProtocol} and puts every {@code append} or {@code
 * appendBatch} into the channels in one transaction, answering OK only after the commit and FAILED
 * when a channel is full. All threads (accept, I/O, handlers) come from the thread factory given
 * and are stopped by {@link #stop()}. Thread-safe.
 */
public final class AvroSource implements EventDrivenSource {
  private static final Logger LOG = LoggerFactory.getLogger(AvroSource.class);
  private final String name;
  private final AvroSourceConfig config;
  private final ChannelProcessor channels;
  private final AvroSourceCounters counters;
  private final ThreadFactory threads;
  private AvroRpcServer server;

  public AvroSource(String name, AvroSourceConfig config, ChannelProcessor channels,
      AvroSourceCounters counters, ThreadFactory threads) {
    this.name = name;
    this.config = config;
    this.channels = channels;
    this.counters = counters;
    this.threads = threads;
  }

  @Override
  public synchronized void start() throws Exception {
    if (server != null) {
      throw new IllegalStateException("source " + name + " already started");
    }
    AvroRpcServer s = new AvroRpcServer(config.toServerConfig(threads),
        new ChannelBatchHandler(name, channels, counters));
    try {
      s.start();
    } catch (Exception e) {
      throw new IllegalStateException("source " + name + ": " + e.getMessage(), e);
    }
    server = s;
    counters.openConnections(s::openConnections);
    LOG.info("Source {} serving Avro RPC on {}:{} (threads={}, compression={}, tls={})", name,
        config.bind(), s.boundPort(), config.threads(), config.compression(),
        config.tls() != null);
  }

  /** The port actually bound (useful with {@code port = 0}); -1 when not running. */
  public synchronized int boundPort() {
    return server == null ? -1 : server.boundPort();
  }

  /** Connections currently open. */
  public synchronized int openConnections() {
    return server == null ? 0 : server.openConnections();
  }

  @Override
  public synchronized void stop() {
    if (server != null) {
      server.close();
      server = null;
      LOG.info("Source {} stopped", name);
    }
  }
}
