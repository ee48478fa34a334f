package com.example;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import org.apache.flume.Channel;
import org.apache.flume.Context;
import org.apache.flume.Event;
import org.apache.flume.EventDeliveryException;
import org.apache.flume.Transaction;
import org.apache.flume.conf.Configurable;
import org.apache.flume.instrumentation.SinkCounter;
import org.apache.flume.sink.AbstractSink;

/**
 * Appends "headers|body" lines to {@code path} (headers sorted), up to {@code batchSize} events per
 * transaction. While the file {@code failWhileExists} exists, it takes a batch and then fails it
 * (rolls back and throws), as a sink whose destination is down. Built against Flume 1.11.
 */
public class LineFileSink extends AbstractSink implements Configurable {
  private Path path;
  private Path failWhileExists;
  private int batchSize;
  private SinkCounter counter;

  @Override
  public void configure(Context context) {
    String p = context.getString("path");
    if (p == null) {
      throw new IllegalArgumentException("path is required");
    }
    path = Paths.get(p);
    String f = context.getString("failWhileExists");
    failWhileExists = f == null ? null : Paths.get(f);
    batchSize = context.getInteger("batchSize", 10);
    if (counter == null) {
      counter = new SinkCounter(getName());
    }
  }

  @Override
  public synchronized void start() {
    counter.start();
    super.start();
  }

  @Override
  public synchronized void stop() {
    counter.stop();
    super.stop();
  }

  @Override
  public Status process() throws EventDeliveryException {
    Channel channel = getChannel();
    Transaction tx = channel.getTransaction();
    tx.begin();
    try {
      List<String> lines = new ArrayList<>();
      for (int i = 0; i < batchSize; i++) {
        Event e = channel.take();
        if (e == null) {
          break;
        }
        lines.add(new TreeMap<>(e.getHeaders()) + "|" + new String(e.getBody(), StandardCharsets.UTF_8));
      }
      if (lines.isEmpty()) {
        counter.incrementBatchEmptyCount();
        tx.commit();
        return Status.BACKOFF;
      }
      counter.addToEventDrainAttemptCount(lines.size());
      if (failWhileExists != null && Files.exists(failWhileExists)) {
        throw new IOException("destination down");
      }
      try (Writer w = Files.newBufferedWriter(path, StandardCharsets.UTF_8,
          StandardOpenOption.CREATE, StandardOpenOption.APPEND)) {
        for (String line : lines) {
          w.write(line);
          w.write('\n');
        }
      }
      tx.commit();
      counter.addToEventDrainSuccessCount(lines.size());
      return Status.READY;
    } catch (Throwable t) {
      tx.rollback();
      throw new EventDeliveryException("cannot write to " + path, t);
    } finally {
      tx.close();
    }
  }
}
