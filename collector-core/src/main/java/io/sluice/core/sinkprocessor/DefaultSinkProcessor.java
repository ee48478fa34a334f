package io.sluice.core.sinkprocessor;

import io.sluice.api.EventDeliveryException;
import io.sluice.api.Sink;
import io.sluice.api.SinkProcessor;
import io.sluice.api.Status;

/**
 * The processor of a lone sink: {@code process()} is the sink's. Member sinks are started and
 * stopped by the runtime. Thread-safety is the sink's: as many runner threads call it as the sink's
 * {@link Sink#parallelism()} asks for (one for most sinks).
 */
public final class DefaultSinkProcessor implements SinkProcessor {
  private final Sink sink;

  public DefaultSinkProcessor(Sink sink) {
    this.sink = sink;
  }

  @Override
  public Status process() throws EventDeliveryException {
    return sink.process();
  }

  @Override
  public int parallelism() {
    return sink.parallelism();
  }
}
