package io.sluice.bench;

import io.sluice.api.Event;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

/**
 * A fixed number of events sent to an Avro source over a few {@link RawBatchConnection}s framed as
 * Flume's SDK client frames them (NettyAvroRpcClient: {@code appendBatch} split into 8 KB
 * buffers), closed loop, one thread per connection. Each body is {@value #BODY} printable bytes
 * that start with the {@link System#nanoTime()} of the moment its batch was encoded, so whoever
 * reads the line back in this JVM knows how old it is ({@link #sentAt}). A batch the source
 * refuses (a full channel) is sent again, unchanged, after a short pause, as Flume's clients
 * retry; the refusals are counted.
 */
final class StampedLoad implements AutoCloseable {
  static final int BODY = 256;
  private static final int STAMP = 16;
  private static final int FLUME_BUFFER_BYTES = 8192;
  private static final long RETRY_PAUSE_MILLIS = 10;

  private final List<Thread> threads = new ArrayList<>();
  private final List<RawBatchConnection> open = new ArrayList<>();
  private final AtomicLong refused = new AtomicLong();
  private final AtomicReference<Exception> failure = new AtomicReference<>();
  private volatile boolean stopping;

  /** Starts sending {@code events} (rounded up to whole batches) to {@code port}. */
  StampedLoad(int port, long events, int batch, int connections) {
    long batches = (events + batch - 1) / batch;
    for (int c = 0; c < connections; c++) {
      long mine = batches / connections + (c < batches % connections ? 1 : 0);
      Thread t = new Thread(() -> run(port, mine, batch), "two-tier-load-" + c);
      threads.add(t);
      t.start();
    }
  }

  private void run(int port, long batches, int batch) {
    try (RawBatchConnection c = new RawBatchConnection(port, false, FLUME_BUFFER_BYTES)) {
      synchronized (open) {
        open.add(c);
      }
      for (long b = 0; b < batches && !stopping; b++) {
        c.send(stampedBatch(batch));
        while (c.nextReply() < 0 && !stopping) {
          refused.incrementAndGet();
          TimeUnit.MILLISECONDS.sleep(RETRY_PAUSE_MILLIS);
          c.send();
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Exception e) {
      if (!stopping) {
        failure.compareAndSet(null, e);
      }
    }
  }

  private static List<Event> stampedBatch(int batch) {
    byte[] stamp = String.format("%016x", System.nanoTime()).getBytes(StandardCharsets.US_ASCII);
    List<Event> events = new ArrayList<>(batch);
    for (int i = 0; i < batch; i++) {
      byte[] body = new byte[BODY];
      Arrays.fill(body, (byte) 'x');
      System.arraycopy(stamp, 0, body, 0, STAMP);
      body[STAMP] = ' ';
      events.add(Event.of(Map.of(), body));
    }
    return events;
  }

  /**
   * The send time ({@link System#nanoTime()}) stamped at the start of a line this load sent.
   *
   * @throws IOException when the bytes are not such a line
   */
  static long sentAt(byte[] line) throws IOException {
    try {
      return Long.parseUnsignedLong(new String(line, 0, STAMP, StandardCharsets.US_ASCII), 16);
    } catch (NumberFormatException e) {
      throw new IOException("not a line of this load: '"
          + new String(line, 0, Math.min(line.length, 40), StandardCharsets.US_ASCII) + "'", e);
    }
  }

  /** Batches the source refused (and that were sent again). */
  long refused() {
    return refused.get();
  }

  /** Throws what stopped a connection, if one failed. */
  void check() throws Exception {
    Exception e = failure.get();
    if (e != null) {
      throw new IllegalStateException("a load connection failed: " + e, e);
    }
  }

  /** Waits until every batch was accepted. */
  void await() throws Exception {
    for (Thread t : threads) {
      t.join();
    }
    check();
  }

  /** Stops the connections at once, even one waiting for a reply. */
  @Override
  public void close() throws Exception {
    stopping = true;
    synchronized (open) {
      for (RawBatchConnection c : open) {
        c.close();
      }
    }
    for (Thread t : threads) {
      t.interrupt();
      t.join();
    }
  }
}
