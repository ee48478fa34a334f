package io.sluice.rpc.server;

import io.sluice.api.Event;
import io.sluice.rpc.RpcStatus;
import java.net.SocketAddress;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletionStage;

/**
 * Receives the events of each {@code append}/{@code appendBatch} call, possibly from several
 * threads at once: implementations must be thread-safe.
 *
 * <p>Each call is first offered to {@link #appendBatchNow}/{@link #appendNow} on the connection's
 * I/O thread (unless an earlier call of that connection is still being handled), which may handle
 * it at once if that needs no waiting; otherwise it goes to {@link #appendBatch}/{@link #append} on
 * the server's bounded handler executor, never on an I/O thread. The reply is written when the
 * returned stage completes; a call holds one of the server's {@code maxConcurrentCalls} permits
 * until then, so a stage that never completes eventually stops the server reading from its
 * clients.
 *
 * <p>Return {@link RpcStatus#FAILED} when the events could not be taken (e.g. channel full): the
 * sender rolls back and retries. A thrown exception or exceptionally completed stage is sent back
 * as an Avro error, which senders also treat as a failure.
 */
@FunctionalInterface
public interface BatchHandler {

  /**
   * @param events the decoded events, owned by the handler (a single event for {@code append})
   * @param peer the sender's address, for logs and metrics
   */
  CompletionStage<RpcStatus> appendBatch(List<Event> events, SocketAddress peer);

  /**
   * Receives the event of an {@code append} call. The default hands it to {@link #appendBatch} as a
   * batch of one; override to tell the two calls apart (Flume counts them separately).
   */
  default CompletionStage<RpcStatus> append(Event event, SocketAddress peer) {
    return appendBatch(List.of(event), peer);
  }

  /**
   * Handles an {@code appendBatch} call on the connection's I/O thread if nothing on the way can
   * wait (no full channel, no disk or network I/O, no foreign code), returning its status; or
   * returns empty, having changed nothing, to have it run through {@link #appendBatch} on the
   * handler executor. Must never block: every other connection of that thread waits meanwhile. A
   * thrown exception is answered as an Avro error. The default sends every call to the executor.
   */
  default Optional<RpcStatus> appendBatchNow(List<Event> events, SocketAddress peer) {
    return Optional.empty();
  }

  /** As {@link #appendBatchNow} for an {@code append} call; empty sends it to {@link #append}. */
  default Optional<RpcStatus> appendNow(Event event, SocketAddress peer) {
    return appendBatchNow(List.of(event), peer);
  }
}
