package io.sluice.core.sinkprocessor;

import io.sluice.api.ResizableSinkProcessor;
import io.sluice.api.Sink;

/**
 * What the multi-member processors share: their {@link SinkGroupState} (members, penalties,
 * probing) and the lifecycle and membership calls that simply go to it. Subclasses decide which
 * member takes the next batch.
 */
abstract class GroupProcessor implements ResizableSinkProcessor {
  final SinkGroupState state;

  GroupProcessor(SinkGroupState state) {
    this.state = state;
  }

  @Override
  public final void start() {
    state.start();
  }

  @Override
  public final void stop() {
    state.stop();
  }

  @Override
  public final void addSink(String name, Sink sink) {
    state.add(name, sink);
  }

  @Override
  public final Sink removeSink(String name) throws InterruptedException {
    return state.remove(name);
  }

  /** Consecutive failures recorded for a member (0 without penalties). */
  public final int failures(String sink) {
    return state.failures(sink);
  }
}
