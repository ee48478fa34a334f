package com.example;

import java.nio.charset.StandardCharsets;
import org.apache.flume.Context;
import org.apache.flume.EventDrivenSource;
import org.apache.flume.conf.Configurable;
import org.apache.flume.event.EventBuilder;
import org.apache.flume.source.AbstractSource;

/** An event-driven source: its own thread sends "e-0".."e-(count-1)" one by one. Flume 1.11 API. */
public class PushingSource extends AbstractSource implements EventDrivenSource, Configurable {
  private int count;
  private Thread thread;

  @Override
  public void configure(Context context) {
    count = context.getInteger("count", 5);
  }

  @Override
  public synchronized void start() {
    thread = new Thread(() -> {
      for (int i = 0; i < count; i++) {
        getChannelProcessor().processEvent(EventBuilder.withBody("e-" + i, StandardCharsets.UTF_8));
      }
    }, "pushing-source-" + getName());
    thread.start();
    super.start();
  }

  @Override
  public synchronized void stop() {
    try {
      thread.join(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    super.stop();
  }
}
