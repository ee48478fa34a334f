package io.sluice.rpc;

import static io.sluice.rpc.ClientServerTest.events;
import static io.sluice.testpeers.HostilePeers.assertClosedByServer;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.sluice.api.Event;
import io.sluice.rpc.client.AvroRpcClient;
import io.sluice.rpc.client.RpcClientConfig;
import io.sluice.rpc.client.RpcException;
import io.sluice.rpc.server.AvroRpcServer;
import io.sluice.rpc.server.RpcServerConfig;
import io.sluice.testpeers.HostilePeers;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Whatever a peer sends right after a call was answered is handled as any first call is: good
 * calls answered (in pieces, two to a write, of several buffers), faults refused with one log
 * line, nothing lost, and a quiet or trickling connection holds up no other.
 */
class CallsAfterACallTest {
  private final RecordingHandler handler = new RecordingHandler();
  private AvroRpcServer server;
  private LogCapture log;

  @BeforeEach
  void start() throws Exception {
    server = new AvroRpcServer(RpcServerConfig.builder().bind("127.0.0.1").maxFrameBytes(1 << 20)
        .maxEventsPerBatch(50).idleTimeout(Duration.ofMillis(400)).build(), handler).start();
    log = LogCapture.capture();
  }

  @AfterEach
  void stop() {
    log.close();
    server.close();
  }

  @Test
  void callsThatFollowAnAnswerPromptlyAreAllAnswered() throws Exception {
    try (RawPeer peer = new RawPeer(server.boundPort(), 0).handshake()) {
      for (int serial = 1; serial <= 300; serial++) {
        peer.call(serial, events(10));
      }
    }
    assertEquals(300, handler.batches.size());
    assertEquals(3000, handler.allEvents().size());
  }

  @Test
  void aFrameInPiecesAndTwoFramesInOneWriteAreBothAnswered() throws Exception {
    try (RawPeer peer = new RawPeer(server.boundPort(), 0).handshake()) {
      peer.call(1, events(3));
      byte[] second = RawPeer.frame(2, RawPeer.batchPayload(events(4)));
      for (int i = 0; i < second.length; i += 7) {
        peer.out.write(Arrays.copyOfRange(second, i, Math.min(second.length, i + 7)));
        peer.out.flush();
      }
      peer.assertOkReply(2);
      byte[] third = RawPeer.frame(3, RawPeer.batchPayload(events(5)));
      byte[] fourth = RawPeer.frame(4, RawPeer.batchPayload(events(6)));
      peer.out.write(concat(third, fourth));
      peer.assertOkReply(3);
      peer.assertOkReply(4);
    }
    assertEquals(3 + 4 + 5 + 6, handler.allEvents().size());
  }

  @Test
  void aFrameOfSeveralBuffersAfterACallIsAnswered() throws Exception {
    try (RawPeer peer = new RawPeer(server.boundPort(), 0).handshake()) {
      peer.call(1, events(3));
      byte[] payload = RawPeer.batchPayload(events(4));
      int half = payload.length / 2;
      peer.out.write(ByteBuffer.allocate(8 + 4 + half + 4 + payload.length - half).putInt(2)
          .putInt(2).putInt(half).put(payload, 0, half).putInt(payload.length - half)
          .put(payload, half, payload.length - half).array());
      peer.assertOkReply(2);
      peer.call(3, events(5));
    }
    assertEquals(3 + 4 + 5, handler.allEvents().size());
  }

  @Test
  void callsOfSeveralBuffersAsFlumesClientsSendAreAnswered() throws Exception {
    byte[] payload = RawPeer.batchPayload(events(20));
    List<byte[]> frames = new ArrayList<>();
    for (int serial = 1; serial <= 200; serial++) {
      frames.add(RawPeer.frame(serial, payload, 512)); // made beforehand: calls follow promptly
    }
    try (RawPeer peer = new RawPeer(server.boundPort(), 0).handshake()) {
      for (int serial = 1; serial <= 200; serial++) {
        peer.out.write(frames.get(serial - 1));
        peer.assertOkReply(serial);
      }
    }
    assertEquals(200, handler.batches.size());
    for (List<Event> batch : handler.batches) {
      ClientServerTest.assertSameEvents(events(20), batch);
    }
  }

  @Test
  void garbageAfterACallIsRefusedAndLoggedOnce() throws Exception {
    byte[] garbage = new byte[4096];
    new Random(7).nextBytes(garbage);
    assertRefusedAfterACall(garbage, "Closed connection");
  }

  @Test
  void aBufferClaimingTooManyBytesAfterACallIsRefusedWithoutWaitingForThem() throws Exception {
    assertRefusedAfterACall(ByteBuffer.allocate(12).putInt(2).putInt(1).putInt(Integer.MAX_VALUE)
        .array(), "claimed a buffer of 2147483647 bytes");
  }

  @Test
  void aBatchOverTheLimitAfterACallIsRefused() throws Exception {
    assertRefusedAfterACall(RawPeer.frame(2, RawPeer.batchPayload(events(51))),
        "more than 50 events (maxEventsPerBatch)");
  }

  @Test
  void halfAFrameAfterACallIsClosedAtTheIdleTimeout() throws Exception {
    assertRefusedAfterACall(ByteBuffer.allocate(16).putInt(2).putInt(1).putInt(100).putInt(0)
        .array(), "incomplete frame and then no complete frame for 400 ms");
  }

  @Test
  void aPeerThatStopsSendingAfterACallIsClosedHereToo() throws Exception {
    try (RawPeer peer = new RawPeer(server.boundPort(), 0).handshake()) {
      peer.call(1, events(2));
      peer.socket.shutdownOutput();
      assertClosedByServer(peer.socket);
    }
    await().atMost(Duration.ofSeconds(10)).until(() -> server.openConnections() == 0);
  }

  @Test
  void aQuietConnectionDoesNotHoldUpOthers() throws Exception {
    try (AvroRpcServer oneHandler = new AvroRpcServer(RpcServerConfig.builder().bind("127.0.0.1")
            .handlerThreads(1).maxConcurrentCalls(1).build(), handler).start();
        AvroRpcClient busy = client(oneHandler);
        AvroRpcClient quiet = client(oneHandler)) {
      quiet.appendBatch(events(1));
      CompletableFuture<Void> stream = CompletableFuture.runAsync(() -> {
        for (int i = 0; i < 200; i++) {
          try {
            busy.appendBatch(events(5));
          } catch (RpcException e) {
            throw new IllegalStateException(e);
          }
        }
      });
      for (int i = 0; i < 20; i++) {
        long start = System.nanoTime();
        quiet.appendBatch(events(1));
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(5),
            "a call waited behind a quiet connection");
      }
      stream.get(60, TimeUnit.SECONDS);
    }
    assertEquals(1 + 200 * 5 + 20, handler.allEvents().size());
  }

  @Test
  void aPeerTricklingAFrameAfterACallDoesNotHoldTheOnlyHandler() throws Exception {
    try (AvroRpcServer oneHandler = new AvroRpcServer(RpcServerConfig.builder().bind("127.0.0.1")
            .handlerThreads(1).maxConcurrentCalls(1).build(), handler).start();
        RawPeer slow = new RawPeer(oneHandler.boundPort(), 0).handshake();
        AvroRpcClient good = client(oneHandler)) {
      slow.call(1, events(1));
      byte[] frame = RawPeer.frame(2, RawPeer.batchPayload(events(100)));
      AtomicBoolean stop = new AtomicBoolean();
      CompletableFuture<Void> trickle = CompletableFuture.runAsync(() -> {
        try {
          // A byte every ~0.15 ms (timed by spinning, as a sleep can oversleep a millisecond):
          // a frame that never completes while the calls below run.
          for (int i = 0; i < frame.length - 1 && !stop.get(); i++) {
            slow.out.write(frame[i]);
            slow.out.flush();
            long next = System.nanoTime() + 150_000;
            while (System.nanoTime() < next) {
              Thread.onSpinWait();
            }
          }
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      });
      for (int i = 0; i < 20; i++) {
        long start = System.nanoTime();
        good.appendBatch(events(1));
        assertTrue(System.nanoTime() - start < TimeUnit.MILLISECONDS.toNanos(500),
            "a call waited behind a trickling peer");
      }
      assertTrue(!trickle.isDone(), "the trickle ended before the calls: the test proved nothing");
      stop.set(true);
      trickle.get(10, TimeUnit.SECONDS);
    }
  }

  private void assertRefusedAfterACall(byte[] bytes, String logged) throws Exception {
    try (RawPeer peer = new RawPeer(server.boundPort(), 0).handshake()) {
      peer.call(1, events(2));
      peer.out.write(bytes);
      peer.out.flush();
      assertClosedByServer(peer.socket);
      HostilePeers.assertOneLogLine(log::linesContaining, peer.socket, logged,
          Duration.ofSeconds(10));
    }
    assertEquals(2, handler.allEvents().size(), "the good call, and nothing after it");
  }

  private static AvroRpcClient client(AvroRpcServer s) throws Exception {
    return AvroRpcClient.connect(RpcClientConfig.builder("127.0.0.1", s.boundPort()).build());
  }

  private static byte[] concat(byte[] a, byte[] b) {
    byte[] out = Arrays.copyOf(a, a.length + b.length);
    System.arraycopy(b, 0, out, a.length, b.length);
    return out;
  }
}
