package io.sluice.rpc;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.rpc.client.AvroRpcClient;
import io.sluice.rpc.client.RpcClientConfig;
import io.sluice.rpc.server.AvroRpcServer;
import io.sluice.rpc.server.BatchHandler;
import io.sluice.rpc.server.RpcServerConfig;
import java.io.IOException;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Calls the handler takes at once ({@link BatchHandler#appendBatchNow}) are handled and answered on
 * the connection's I/O thread; calls it declines run on the handler pool as before; a call never
 * overtakes an earlier call of its connection that is still with the pool.
 */
class CallsHandledNowTest {
  private static final Duration WAIT = Duration.ofSeconds(30);
  private static final byte[] FAILED_REPLY = {0, 0, 2}; // no metadata, no error, Status.FAILED

  private final SplitHandler handler = new SplitHandler();
  private AvroRpcServer server;

  /**
   * Takes a call now unless its first body starts with "pool" or "hold"; "hold" calls stay with
   * the pool until the test completes them. Records "body@thread" of every call.
   */
  private static final class SplitHandler implements BatchHandler {
    final List<String> now = new CopyOnWriteArrayList<>();
    final List<String> pooled = new CopyOnWriteArrayList<>();
    final Map<String, CompletableFuture<RpcStatus>> held = new ConcurrentHashMap<>();

    @Override
    public Optional<RpcStatus> appendBatchNow(List<Event> events, SocketAddress peer) {
      String first = body(events.get(0));
      if (first.startsWith("pool") || first.startsWith("hold")) {
        return Optional.empty();
      }
      now.add(first + "@" + Thread.currentThread().getName());
      if (first.startsWith("boom")) {
        throw new IllegalStateException("boom");
      }
      return Optional.of(first.startsWith("fail") ? RpcStatus.FAILED : RpcStatus.OK);
    }

    @Override
    public CompletionStage<RpcStatus> appendBatch(List<Event> events, SocketAddress peer) {
      String first = body(events.get(0));
      pooled.add(first + "@" + Thread.currentThread().getName());
      if (first.startsWith("hold")) {
        return held.computeIfAbsent(first, k -> new CompletableFuture<>());
      }
      return CompletableFuture.completedFuture(RpcStatus.OK);
    }
  }

  @BeforeEach
  void start() throws Exception {
    server = new AvroRpcServer(RpcServerConfig.builder().bind("127.0.0.1").build(), handler)
        .start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private static String body(Event e) {
    return new String(e.getBody(), StandardCharsets.UTF_8);
  }

  private static List<Event> batch(String... bodies) {
    return Arrays.stream(bodies)
        .map(b -> Event.of(b.getBytes(StandardCharsets.UTF_8))).toList();
  }

  private static void send(RawPeer peer, int serial, String... bodies) throws IOException {
    peer.out.write(RawPeer.frame(serial, RawPeer.batchPayload(batch(bodies)), 8192));
    peer.out.flush();
  }

  /** Reads one reply; returns its serial and checks its payload against {@code expected}. */
  private static int reply(RawPeer peer, byte[] expected) throws IOException {
    int serial = peer.in.readInt();
    assertEquals(1, peer.in.readInt(), "buffer count");
    assertArrayEquals(expected, peer.in.readNBytes(peer.in.readInt()), "reply to " + serial);
    return serial;
  }

  private static void assertAllOn(String threadPrefix, List<String> calls) {
    for (String call : calls) {
      assertTrue(call.substring(call.indexOf('@') + 1).startsWith(threadPrefix), call);
    }
  }

  @Test
  void callsTakenNowAreHandledAndAnsweredOnTheIoThreadInOrder() throws Exception {
    try (RawPeer peer = new RawPeer(server.boundPort(), 0).handshake()) {
      for (int serial = 1; serial <= 200; serial++) {
        send(peer, serial, "e" + serial, "x");
        assertEquals(serial, reply(peer, RawPeer.OK_REPLY));
      }
    }
    assertEquals(200, handler.now.size());
    for (int i = 0; i < 200; i++) {
      assertTrue(handler.now.get(i).startsWith("e" + (i + 1) + "@"), handler.now.get(i));
    }
    assertAllOn("sluice-rpc-io-", handler.now);
    assertEquals(List.of(), handler.pooled);
  }

  @Test
  void declinedCallsRunOnTheHandlerPoolAndAreAnswered() throws Exception {
    try (RawPeer peer = new RawPeer(server.boundPort(), 0).handshake()) {
      for (int serial = 1; serial <= 20; serial++) {
        send(peer, serial, "pool" + serial);
        assertEquals(serial, reply(peer, RawPeer.OK_REPLY));
      }
    }
    assertEquals(20, handler.pooled.size());
    assertAllOn("sluice-rpc-handler-", handler.pooled);
    assertEquals(List.of(), handler.now);
  }

  @Test
  void aCallNeverOvertakesAnEarlierCallOfItsConnectionStillWithThePool() throws Exception {
    try (RawPeer peer = new RawPeer(server.boundPort(), 0).handshake()) {
      send(peer, 1, "hold1");
      await().atMost(WAIT).until(() -> handler.held.containsKey("hold1"));
      long holding = server.bufferedBytes();
      send(peer, 2, "a2");
      // Not offered now while call 1 is with the pool: it queues (its decoded events charged to
      // the server's buffer) and reaches the pool only once call 1 is answered.
      await().atMost(WAIT).until(() -> server.bufferedBytes() > holding);
      assertTrue(handler.pooled.stream().noneMatch(c -> c.startsWith("a2@")), "a2 waits for 1");
      assertEquals(List.of(), handler.now);

      handler.held.get("hold1").complete(RpcStatus.OK);
      assertEquals(1, reply(peer, RawPeer.OK_REPLY));
      assertEquals(2, reply(peer, RawPeer.OK_REPLY));
      assertTrue(handler.pooled.stream().anyMatch(c -> c.startsWith("a2@")), handler.pooled.toString());
      assertEquals(List.of(), handler.now);

      send(peer, 3, "b3"); // nothing with the pool any more: taken now again
      assertEquals(3, reply(peer, RawPeer.OK_REPLY));
      assertEquals(1, handler.now.size());
      assertTrue(handler.now.get(0).startsWith("b3@"), handler.now.get(0));
    }
  }

  @Test
  void otherConnectionsAreTakenNowWhileOneWaitsForThePool() throws Exception {
    try (RawPeer held = new RawPeer(server.boundPort(), 0).handshake();
        RawPeer other = new RawPeer(server.boundPort(), 0).handshake()) {
      send(held, 1, "hold1");
      await().atMost(WAIT).until(() -> handler.held.containsKey("hold1"));
      send(other, 1, "c1");
      assertEquals(1, reply(other, RawPeer.OK_REPLY));
      assertEquals(1, handler.now.size());
      handler.held.get("hold1").complete(RpcStatus.OK);
      assertEquals(1, reply(held, RawPeer.OK_REPLY));
    }
  }

  @Test
  void failedAndThrowingCallsTakenNowAreAnsweredAndTheConnectionGoesOn() throws Exception {
    try (RawPeer peer = new RawPeer(server.boundPort(), 0).handshake()) {
      send(peer, 1, "fail1");
      assertEquals(1, reply(peer, FAILED_REPLY));

      send(peer, 2, "boom2");
      assertEquals(2, peer.in.readInt());
      assertEquals(1, peer.in.readInt());
      byte[] error = peer.in.readNBytes(peer.in.readInt());
      assertEquals(1, error[1], "an Avro error reply");
      String text = new String(error, StandardCharsets.UTF_8);
      // what failed inside the server is for its log, not for whoever connects
      assertTrue(text.endsWith("appendBatch failed on the server (see its log)"), text);
      assertFalse(text.contains("boom") || text.contains("Exception"), text);

      send(peer, 3, "ok3");
      assertEquals(3, reply(peer, RawPeer.OK_REPLY));
    }
  }

  @Test
  void appendCallsAreOfferedNowToo() throws Exception {
    try (AvroRpcClient client = AvroRpcClient.connect(
        RpcClientConfig.builder("127.0.0.1", server.boundPort()).build())) {
      client.append(Event.of("single".getBytes(StandardCharsets.UTF_8)));
      client.append(Event.of("pool-single".getBytes(StandardCharsets.UTF_8)));
    }
    assertEquals(1, handler.now.size());
    assertTrue(handler.now.get(0).startsWith("single@sluice-rpc-io-"), handler.now.get(0));
    assertEquals(1, handler.pooled.size());
    assertTrue(handler.pooled.get(0).startsWith("pool-single@sluice-rpc-handler-"),
        handler.pooled.get(0));
  }
}
