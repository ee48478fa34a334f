package io.sluice.it;

import static io.sluice.it.AgentProcessShutdownIT.connect;
import static io.sluice.it.AgentProcessShutdownIT.landed;
import static io.sluice.it.AgentProcessShutdownIT.startSluice;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.rpc.client.AvroRpcClient;
import io.sluice.rpc.client.RpcClientConfig;
import io.sluice.rpc.client.RpcException;
import io.sluice.testsupport.TestAgents;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue #16 (review N1, section 10), black box: an agent in its own JVM with a 512 MiB heap and the
 * Avro source's default limits (64 MiB frames, a buffered-bytes budget of a quarter of the heap).
 * Sixteen connections each send almost a whole 64 MiB frame and then hold it: about 1 GiB, twice
 * the heap. The agent must stay up (it is started to exit on an OutOfMemoryError), close what
 * does not fit its budget with a few log lines rather than one each, and a well-behaved sender on
 * another connection must get every event through, counted in the files its sink writes.
 */
class PartialFramesOnASmallHeapIT {
  private static final int HOARDERS = 16;
  private static final int HELD_BYTES = 62 << 20; // of a 64 MiB frame
  private static final int BATCHES = 40; // per phase: alone, during the flood, while held
  private static final int BATCH = 100;
  @TempDir Path tmp;
  private final AtomicInteger hoardersClosed = new AtomicInteger();
  private final AtomicInteger goodRetries = new AtomicInteger();

  @Test
  void manyNearlyFullPartialFramesNeitherKillTheAgentNorStopAGoodSender() throws Exception {
    int port = TestAgents.freePort();
    Path out = Files.createDirectories(tmp.resolve("out"));
    Path conf = Files.writeString(tmp.resolve("agent.properties"), NetcatAgentConfig.of(
        Map.of("type", "avro", "bind", "127.0.0.1", "port", Integer.toString(port)),
        Map.of("type", "memory", "capacity", "100000", "transactionCapacity", "1000"),
        Map.of("type", "file_roll", "sink.directory", out.toString().replace("\\", "/"),
            "sink.rollInterval", "0")));
    Path log = tmp.resolve("agent.log");
    // an OutOfMemoryError ends the agent, so it cannot go unnoticed
    Process agent = startSluice(log, List.of("-Xmx512m", "-XX:+ExitOnOutOfMemoryError"),
        List.of("agent", "-n", "a1", "-f", conf.toString(), "--no-reload-conf"));
    List<Socket> hoarders = new ArrayList<>();
    ExecutorService floodThreads = Executors.newFixedThreadPool(HOARDERS);
    try {
      connect(port, agent, log).close();
      int sent = 0;
      long alone = sendGoodBatches(port, sent, BATCHES);
      sent += BATCHES * BATCH;
      List<CompletableFuture<Void>> floods = new ArrayList<>();
      for (int i = 0; i < HOARDERS; i++) {
        Socket s = new Socket(InetAddress.getLoopbackAddress(), port);
        hoarders.add(s);
        floods.add(CompletableFuture.runAsync(() -> holdNearlyAWholeFrame(s), floodThreads));
      }
      long flooded = sendGoodBatches(port, sent, BATCHES);
      sent += BATCHES * BATCH;
      CompletableFuture.allOf(floods.toArray(CompletableFuture[]::new))
          .get(60, TimeUnit.SECONDS);
      long held = sendGoodBatches(port, sent, BATCHES); // the survivors hold their frames
      sent += BATCHES * BATCH;

      assertTrue(agent.isAlive(), "the agent died: " + tail(log));
      int expected = sent;
      await().atMost(Duration.ofSeconds(30)).until(() -> landed(out).size() >= expected);
      List<String> lines = landed(out);
      assertEquals(expected, lines.size());
      assertEquals(expected, new HashSet<>(lines).size(), "no event twice");
      String text = Files.readString(log);
      assertTrue(!text.contains("OutOfMemoryError"), tail(log));
      long refusals = text.lines().filter(l -> l.contains("(maxBufferedBytes)")).count();
      assertTrue(hoardersClosed.get() >= 1, "no hoarder was closed");
      assertTrue(refusals >= 1, "nothing logged about the budget: " + tail(log));
      // per kind (closed connections, FAILED calls) 10 lines an interval plus a summary
      assertTrue(refusals <= 2 * (10 + 2), refusals + " budget lines: " + tail(log));
      System.out.printf("PartialFramesOnASmallHeapIT: %d hoarders x %d MiB against -Xmx512m, "
          + "%d closed; good sender %d events in %d ms alone, %d ms during the flood, %d ms while "
          + "the rest hold their frames (%d retries); %d budget log lines%n", HOARDERS,
          HELD_BYTES >> 20, hoardersClosed.get(), BATCHES * BATCH, alone, flooded, held,
          goodRetries.get(), refusals);
      // generous: held partial frames must cost the sender no throughput, not win a timing race
      assertTrue(held < Math.max(alone * 5, 5_000), "alone " + alone + " ms, held " + held);
    } finally {
      for (Socket s : hoarders) {
        s.close();
      }
      floodThreads.shutdownNow();
      agent.destroy();
      if (!agent.waitFor(30, TimeUnit.SECONDS)) {
        agent.destroyForcibly();
      }
    }
  }

  /**
   * Sends {@code batches} batches of {@link #BATCH} events numbered from {@code first}; a batch
   * that fails (FAILED while the budget is full, or its connection closed to make room) is sent
   * again on a new connection, as an Avro sink would after rolling back. Returns the millis taken.
   */
  private long sendGoodBatches(int port, int first, int batches) throws Exception {
    long t0 = System.nanoTime();
    long deadline = t0 + TimeUnit.SECONDS.toNanos(60);
    AvroRpcClient client = null;
    try {
      for (int b = 0; b < batches; b++) {
        List<Event> events = new ArrayList<>();
        for (int i = 0; i < BATCH; i++) {
          String body = "good-" + (first + b * BATCH + i) + "-" + "x".repeat(1000);
          events.add(Event.of(Map.of(), body.getBytes(StandardCharsets.UTF_8)));
        }
        while (true) {
          assertTrue(System.nanoTime() < deadline, "the good sender is stuck at batch " + b);
          try {
            if (client == null) {
              client = AvroRpcClient.connect(RpcClientConfig.builder("127.0.0.1", port).build());
            }
            client.appendBatch(events);
            break;
          } catch (RpcException refusedOrClosed) {
            goodRetries.incrementAndGet();
            if (client != null) {
              client.close();
              client = null;
            }
            Thread.sleep(50); // the sender's own retry pace, as a sink's backoff
          }
        }
      }
    } finally {
      if (client != null) {
        client.close();
      }
    }
    return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
  }

  /** A frame header claiming 64 MiB less 1 KiB, then {@link #HELD_BYTES} of it, then silence. */
  private void holdNearlyAWholeFrame(Socket s) {
    byte[] chunk = new byte[1 << 20];
    try {
      OutputStream o = s.getOutputStream();
      o.write(ByteBuffer.allocate(12).putInt(1).putInt(1).putInt((64 << 20) - 1024).array());
      for (int sent = 0; sent < HELD_BYTES; sent += chunk.length) {
        o.write(chunk);
      }
      o.flush();
    } catch (IOException closedByTheAgent) {
      hoardersClosed.incrementAndGet(); // what the budget does to the connections it cannot hold
    }
  }

  private static String tail(Path log) throws IOException {
    List<String> all = Files.readAllLines(log);
    return String.join("\n", all.subList(Math.max(0, all.size() - 40), all.size()));
  }
}
