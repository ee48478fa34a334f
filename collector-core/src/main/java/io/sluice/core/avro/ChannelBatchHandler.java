package io.sluice.core.avro;

import io.sluice.api.ChannelException;
import io.sluice.api.ChannelProcessor;
import io.sluice.api.Event;
import io.sluice.rpc.RpcStatus;
import io.sluice.rpc.server.BatchHandler;
import io.sluice.rpc.server.WarnThrottle;
import java.net.SocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ScheduledExecutorService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Puts each received call into the channels through the source's {@link ChannelProcessor}, one
 * transaction per call. A call is first tried on the connection's I/O thread with {@link
 * ChannelProcessor#tryProcessEventBatchNow} (it commits only when nothing can wait, e.g. a memory
 * channel with room right now); when that declines, the server runs it again on its handler threads,
 * where the put may wait. Answers OK only after every required channel committed, FAILED when a
 * channel refused (full, or any channel error), so the sender rolls back and retries. Unexpected
 * failures are warned about through a {@link WarnThrottle}: a sender retrying a batch that always
 * fails costs a few lines per interval, not a stack trace per batch. Thread-safe.
 */
final class ChannelBatchHandler implements BatchHandler {
  private static final Logger LOG = LoggerFactory.getLogger(ChannelBatchHandler.class);
  private static final CompletionStage<RpcStatus> OK = CompletableFuture.completedFuture(RpcStatus.OK);
  private static final CompletionStage<RpcStatus> FAILED =
      CompletableFuture.completedFuture(RpcStatus.FAILED);
  private static final Optional<RpcStatus> NOW_OK = Optional.of(RpcStatus.OK);
  private static final Optional<RpcStatus> NOW_FAILED = Optional.of(RpcStatus.FAILED);

  private final String sourceName;
  private final ChannelProcessor channels;
  private final AvroSourceCounters counters;
  private final WarnThrottle failures;

  /** @param failures built with {@link #LOG}, via {@link #failureWarnings} */
  ChannelBatchHandler(String sourceName, ChannelProcessor channels, AvroSourceCounters counters,
      WarnThrottle failures) {
    this.sourceName = sourceName;
    this.channels = channels;
    this.counters = counters;
    this.failures = failures;
  }

  /** The throttle for this handler's warnings about batches that failed unexpectedly. */
  static WarnThrottle failureWarnings(ScheduledExecutorService scheduler, Duration interval) {
    return new WarnThrottle(LOG, "batches answered FAILED after an unexpected error", scheduler,
        interval);
  }

  @Override
  public Optional<RpcStatus> appendBatchNow(List<Event> events, SocketAddress peer) {
    return putNow(events, true, peer);
  }

  @Override
  public Optional<RpcStatus> appendNow(Event event, SocketAddress peer) {
    return putNow(List.of(event), false, peer);
  }

  @Override
  public CompletionStage<RpcStatus> appendBatch(List<Event> events, SocketAddress peer) {
    return put(events, true, peer, () -> {
      channels.processEventBatch(events);
      return true;
    }) == RpcStatus.OK ? OK : FAILED;
  }

  @Override
  public CompletionStage<RpcStatus> append(Event event, SocketAddress peer) {
    return put(List.of(event), false, peer, () -> {
      channels.processEvent(event);
      return true;
    }) == RpcStatus.OK ? OK : FAILED;
  }

  private Optional<RpcStatus> putNow(List<Event> events, boolean batch, SocketAddress peer) {
    RpcStatus status = put(events, batch, peer, () -> channels.tryProcessEventBatchNow(events));
    return status == null ? Optional.empty() : status == RpcStatus.OK ? NOW_OK : NOW_FAILED;
  }

  /** Runs the put; null when it declined (counted only by the attempt that follows). */
  private RpcStatus put(List<Event> events, boolean batch, SocketAddress peer, Put put) {
    RpcStatus status = RpcStatus.FAILED;
    try {
      if (!put.run()) {
        return null;
      }
      status = RpcStatus.OK;
    } catch (ChannelException e) {
      // Expected under load (a full channel): the sender backs off and retries.
      LOG.debug("Source {}: answered FAILED to {} events from {}: {}", sourceName, events.size(),
          peer, e.getMessage());
    } catch (RuntimeException e) {
      failures.warn("Source {}: answered FAILED to {} events from {}: {}", sourceName,
          events.size(), peer, e.toString(), e);
    }
    counters.received(events.size(), batch);
    if (status == RpcStatus.OK) {
      counters.accepted(events.size(), batch);
    } else {
      counters.channelWriteFailed();
    }
    return status;
  }

  /** One put attempt: true when committed, false when it declined without putting anything. */
  @FunctionalInterface
  private interface Put {
    boolean run();
  }
}
