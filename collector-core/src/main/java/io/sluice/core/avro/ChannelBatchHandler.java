package io.sluice.core.avro;

import io.sluice.api.ChannelException;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.rpc.RpcStatus;
import io.sluice.rpc.server.BatchHandler;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts each received call into the channels through the source's {@link ChannelProcessor}, one
 * transaction per call, on the RPC server's handler threads (never an I/O thread). Answers OK only
 * after every required channel committed, FAILED when a channel refused (full, or any channel
 * error), so the sender rolls back and retries. Thread-safe.
 */
final class ChannelBatchHandler implements BatchHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ChannelBatchHandler.class);
  private static final CompletionStage<RpcStatus> OK = CompletableFuture.completedFuture(RpcStatus.OK);
  private static final CompletionStage<RpcStatus> FAILED =
      CompletableFuture.completedFuture(RpcStatus.FAILED);

  private final String sourceName;
  private final ChannelProcessor channels;
  private final AvroSourceCounters counters;

  ChannelBatchHandler(String sourceName, ChannelProcessor channels, AvroSourceCounters counters) {
    this.sourceName = sourceName;
    this.channels = channels;
    this.counters = counters;
  }

  @Override
  public CompletionStage<RpcStatus> appendBatch(List<Event> events, SocketAddress peer) {
    return put(events, true, peer);
  }

  @Override
  public CompletionStage<RpcStatus> append(Event event, SocketAddress peer) {
    return put(List.of(event), false, peer);
  }

  private CompletionStage<RpcStatus> put(List<Event> events, boolean batch, SocketAddress peer) {
    counters.received(events.size(), batch);
    try {
      if (batch) {
        channels.processEventBatch(events);
      } else {
        channels.processEvent(events.get(0));
      }
    } catch (ChannelException e) {
      counters.channelWriteFailed();
      // Expected under load (a full channel): the sender backs off and retries.
      LOG.debug("Source {}: answered FAILED to {} events from {}: {}", sourceName, events.size(),
          peer, e.getMessage());
      return FAILED;
    } catch (RuntimeException e) {
      counters.channelWriteFailed();
      LOG.warn("Source {}: answered FAILED to {} events from {}", sourceName, events.size(), peer, e);
      return FAILED;
    }
    counters.accepted(events.size(), batch);
    return OK;
  }
}
