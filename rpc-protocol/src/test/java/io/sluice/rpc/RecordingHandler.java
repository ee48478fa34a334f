package io.sluice.rpc;

import io.sluice.api.Event;
import io.sluice.rpc.server.BatchHandler;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Test handler: records every batch and answers with a settable status (or never, or once a gate
 * opens).
 */
public final class RecordingHandler implements BatchHandler {
  public final List<List<Event>> batches = new CopyOnWriteArrayList<>();
  private volatile RpcStatus answer = RpcStatus.OK;
  private volatile boolean neverAnswer;
  private volatile CompletableFuture<?> gate;
  private volatile RuntimeException failure;

  public RecordingHandler failingWith(RuntimeException e) {
    failure = e;
    return this;
  }

  public RecordingHandler answering(RpcStatus status) {
    answer = status;
    return this;
  }

  /** Answers each call only once {@code opens} completes. */
  public RecordingHandler answeringWhen(CompletableFuture<?> opens) {
    gate = opens;
    return this;
  }

  public RecordingHandler neverAnswering() {
    neverAnswer = true;
    return this;
  }

  @Override
  public CompletionStage<RpcStatus> appendBatch(List<Event> events, SocketAddress peer) {
    batches.add(events);
    if (failure != null) {
      throw failure;
    }
    if (neverAnswer) {
      return new CompletableFuture<>();
    }
    CompletableFuture<?> waitFor = gate;
    return waitFor == null ? CompletableFuture.completedFuture(answer)
        : waitFor.thenApply(opened -> answer);
  }

  public List<Event> allEvents() {
    return batches.stream().flatMap(List::stream).toList();
  }
}
