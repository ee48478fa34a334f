package io.sluice.core.avro;

import io.sluice.api.ChannelProcessor;
import io.sluice.api.EventDrivenSource;
import io.sluice.rpc.server.AvroRpcServer;
import io.sluice.rpc.server.RpcServerConfig;
import io.sluice.rpc.server.WarnThrottle;
import java.util.concurrent.ScheduledThreadPoolExecutor;
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
  private ScheduledThreadPoolExecutor failureSummaries;
  private WarnThrottle failureWarnings;

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
    RpcServerConfig serverConfig = config.toServerConfig(threads);
    // Runs only the throttle's end-of-interval summaries; its thread starts with the first one.
    ScheduledThreadPoolExecutor summaries = new ScheduledThreadPoolExecutor(1, threads);
    summaries.setRemoveOnCancelPolicy(true);
    WarnThrottle warnings =
        ChannelBatchHandler.failureWarnings(summaries, serverConfig.warnInterval());
    AvroRpcServer s = new AvroRpcServer(serverConfig,
        new ChannelBatchHandler(name, channels, counters, warnings));
    try {
      s.start();
    } catch (Exception e) {
      summaries.shutdownNow();
      throw new IllegalStateException("source " + name + ": " + e.getMessage(), e);
    }
    server = s;
    failureSummaries = summaries;
    failureWarnings = warnings;
    counters.openConnections(s::openConnections);
    counters.bufferedBytes(s::bufferedBytes);
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
      failureSummaries.shutdownNow();
      failureWarnings.reportHeldBack();
      LOG.info("Source {} stopped", name);
    }
  }
}
