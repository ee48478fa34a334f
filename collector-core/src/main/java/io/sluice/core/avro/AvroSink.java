package io.sluice.core.avro;

import io.sluice.api.Channel;
import io.sluice.api.Event;
import io.sluice.api.ProbeableSink;
import io.sluice.api.spi.ComponentMetrics;
import io.sluice.core.sink.BatchSink;
import io.sluice.rpc.client.AvroRpcClient;
import io.sluice.rpc.client.RpcException;
import java.time.Clock;
import java.util.List;
import java.util.concurrent.ThreadFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Flume's Avro sink: one {@code process()} takes up to {@code batch-size} events in one channel
 * transaction, sends them as one {@code appendBatch}, and commits only on OK. Any failure
 * (connect, timeout, FAILED/UNKNOWN, server error) rolls back, closes the connection, counts
 * EventWriteFail and throws {@code EventDeliveryException} so a failover group switches at once;
 * the next {@code process()} reconnects. Runner-thread confined except {@link #stop()}.
 */
public final class AvroSink extends BatchSink implements ProbeableSink {
  private static final Logger LOG = LoggerFactory.getLogger(AvroSink.class);
  private final AvroSinkConfig config;
  private final ConnectionHolder connection;
  private final AvroSinkCounters counters;
  private final RequestTimeouts timeouts;
  private final ThreadFactory threads;

  /**
   * @param threads makes each connection's I/O thread
   * @param clock times {@code reset-connection-interval}
   */
  public AvroSink(String name, Channel channel, AvroSinkConfig config, ThreadFactory threads,
      Clock clock, ComponentMetrics metrics) {
    super(name, channel, config.batchSize(), metrics);
    this.config = config;
    this.counters = new AvroSinkCounters(metrics);
    this.connection = new ConnectionHolder(config, threads, clock, counters);
    this.timeouts = new RequestTimeouts(config.requestTimeout());
    this.threads = threads;
  }

  /**
   * Connects on the first batch, not here: Flume connects in start, but a black-holed peer would
   * then hold up the agent's start (and a group's new member) for the whole connect timeout.
   */
  @Override
  public void start() {
    connection.reopen();
  }

  @Override
  protected void beforeBatch() throws RpcException {
    connection.client(); // like Flume, an unreachable next hop fails the step even when idle
  }

  @Override
  protected void deliver(List<Event> batch) throws RpcException {
    try {
      AvroRpcClient client = connection.client();
      long start = System.nanoTime();
      client.appendBatch(batch, timeouts.next());
      timeouts.observed((System.nanoTime() - start) / 1000);
    } catch (RpcException | RuntimeException e) {
      counters.writeFailed();
      connection.disconnect();
      throw e;
    }
  }

  /** Connects and handshakes on a separate connection, within {@code connect-timeout}. */
  @Override
  public boolean probe() {
    try {
      AvroRpcClient.connect(config.toClientConfig(threads)).close();
      return true;
    } catch (RpcException | RuntimeException e) {
      return false;
    }
  }

  @Override
  public String peer() {
    return config.peer();
  }

  /** The settings this sink runs with. */
  public AvroSinkConfig config() {
    return config;
  }

  @Override
  public void stop() {
    connection.close();
    LOG.info("Sink {} to {} stopped", name(), config.peer());
  }
}
