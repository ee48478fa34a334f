package io.sluice.rpc.server;

import io.sluice.api.Event;
import io.sluice.rpc.RpcStatus;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Receives the events of each {@code append}/{@code appendBatch} call. Called on the server's
 * bounded handler executor, never on a Netty I/O thread, possibly from several threads at once:
 * implementations must be thread-safe. The reply is written when the returned stage completes; a
 * call holds one of the server's {@code maxConcurrentCalls} permits until then, so a stage that
 * never completes eventually stops the server reading from its clients.
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
}
