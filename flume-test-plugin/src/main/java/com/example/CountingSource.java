package com.example;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.apache.flume.ChannelException;
import org.apache.flume.Context;
import org.apache.flume.Event;
import org.apache.flume.EventDeliveryException;
import org.apache.flume.FlumeException;
import org.apache.flume.event.EventBuilder;
import org.apache.flume.instrumentation.SourceCounter;
import org.apache.flume.source.AbstractPollableSource;

/** A pollable source sending "p-0".."p-(total-1)" in batches. Built against Flume 1.11. */
public class CountingSource extends AbstractPollableSource {
  private int total;
  private int batchSize;
  private int next;
  private SourceCounter counter;

  @Override
  protected void doConfigure(Context context) throws FlumeException {
    total = context.getInteger("total", 10);
    batchSize = context.getInteger("batchSize", 3);
    if (counter == null) {
      counter = new SourceCounter(getName());
    }
  }

  @Override
  protected void doStart() throws FlumeException {
    counter.start();
  }

  @Override
  protected Status doProcess() throws EventDeliveryException {
    if (next >= total) {
      return Status.BACKOFF;
    }
    List<Event> batch = new ArrayList<>();
    for (int i = next; i < Math.min(total, next + batchSize); i++) {
      batch.add(EventBuilder.withBody("p-" + i, StandardCharsets.UTF_8,
          Collections.singletonMap("src", getName())));
    }
    counter.addToEventReceivedCount(batch.size());
    try {
      getChannelProcessor().processEventBatch(batch);
    } catch (ChannelException e) {
      return Status.BACKOFF;
    }
    counter.addToEventAcceptedCount(batch.size());
    next += batch.size();
    return Status.READY;
  }

  @Override
  protected void doStop() throws FlumeException {
    counter.stop();
  }
}
