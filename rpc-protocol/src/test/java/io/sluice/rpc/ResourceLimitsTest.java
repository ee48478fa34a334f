package io.sluice.rpc;

import static io.sluice.rpc.ClientServerTest.assertContains;
import static io.sluice.rpc.ClientServerTest.events;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sluice.api.Event;
import io.sluice.rpc.client.AvroRpcClient;
import io.sluice.rpc.client.RpcClientConfig;
import io.sluice.rpc.server.AvroRpcServer;
import io.sluice.rpc.server.RpcServerConfig;
import io.sluice.rpc.wire.AvroWriter;
import io.sluice.rpc.wire.CallCodec;
import java.io.IOException;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.UnaryOperator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue #16 (security review N1, N2, N3): what a peer can make the server hold is bounded as a
 * whole and in time, on real sockets against a real server. Every wait has a deadline.
 */
class ResourceLimitsTest {
  private static final Duration DEADLINE = Duration.ofSeconds(8);
  private final RecordingHandler handler = new RecordingHandler();
  private AvroRpcServer server;
  private LogCapture log;

  @BeforeEach
  void capture() {
    log = LogCapture.capture();
  }

  @AfterEach
  void stop() {
    log.close();
    if (server != null) {
      server.close();
    }
  }

  private AvroRpcServer start(UnaryOperator<RpcServerConfig.Builder> settings) throws IOException {
    server = new AvroRpcServer(settings.apply(RpcServerConfig.builder().bind("127.0.0.1"))
        .build(), handler).start();
    return server;
  }

  /** N1: the idle timeout counts time without a complete frame, not time without a byte. */
  @Test
  void tricklingAByteAtATimeIsClosedAtTheCompleteFrameTimeout() throws Exception {
    start(b -> b.idleTimeout(Duration.ofMillis(500)));
    try (RawPeer peer = new RawPeer(server.boundPort(), 0).handshake()) {
      peer.out.write(ByteBuffer.allocate(12).putInt(1).putInt(1).putInt(10_000).array());
      peer.socket.setSoTimeout(50); // the trickle's pace: far below the 500 ms timeout
      long start = System.nanoTime();
      while (!closedByServer(peer)) {
        assertTrue(System.nanoTime() - start < DEADLINE.toNanos(), "still open while trickling");
        try {
          peer.out.write(0);
        } catch (IOException closed) {
          break;
        }
      }
      assertTrue(System.nanoTime() - start >= Duration.ofMillis(400).toNanos(), "closed early");
      assertOneLogLine(peer, "incomplete frame and then no complete frame for 500 ms");
    }
    assertGoodClientWorks();
  }

  /** N3: a connection that sent a frame and then nothing is not kept forever. */
  @Test
  void aConnectionIdleBetweenCallsIsClosedAtTheConnectionIdleTimeout() throws Exception {
    start(b -> b.connectionIdleTimeout(Duration.ofMillis(300)));
    try (RawPeer peer = new RawPeer(server.boundPort(), 0).handshake()) {
      peer.call(1, events(1));
      peer.socket.setSoTimeout((int) DEADLINE.toMillis());
      assertTrue(closedByServer(peer), "idle connection kept");
    }
    await().atMost(DEADLINE).until(() -> server.openConnections() == 0);
  }

  /** N1: many connections each holding part of a frame hit the server-wide budget. */
  @Test
  void partialFramesOverTheGlobalBudgetCloseTheirConnections() throws Exception {
    long budget = 256 << 10;
    start(b -> b.maxFrameBytes(64 << 10).maxBufferedBytes(budget));
    List<Socket> hoarders = new ArrayList<>();
    try {
      for (int i = 0; i < 10; i++) { // 10 x 40 KB of partial frames: more than 256 KB
        Socket s = new Socket("127.0.0.1", server.boundPort());
        hoarders.add(s);
        s.getOutputStream().write(ByteBuffer.allocate(12 + 40_000).putInt(1).putInt(1)
            .putInt(60_000).array());
      }
      await().atMost(DEADLINE).until(() -> !log.linesContaining("(maxBufferedBytes)").isEmpty());
      assertTrue(server.bufferedBytes() <= budget, "held " + server.bufferedBytes());
      assertTrue(server.bufferedBytes() > budget / 2, "partial frames are charged");
      assertContains(log.linesContaining("(maxBufferedBytes)").get(0),
          "Closed connection from /127.0.0.1:", "over " + budget + " (maxBufferedBytes)");
      assertGoodClientWorks();
    } finally {
      for (Socket s : hoarders) {
        s.close();
      }
    }
    await().atMost(DEADLINE).until(() -> server.bufferedBytes() == 0);
  }

  /** N1: per-event header count, header bytes and body bytes are limited. */
  @Test
  void eventsOverTheHeaderAndBodyLimitsAreRefused() throws Exception {
    start(b -> b.maxHeadersPerEvent(8).maxHeaderBytesPerEvent(256).maxEventBytes(1000));
    Map<String, String> nine = new HashMap<>();
    for (int i = 0; i < 9; i++) {
      nine.put("k" + i, "v");
    }
    assertRefused(Event.of(nine, new byte[1]), "more than 8 headers (maxHeadersPerEvent)");
    assertRefused(Event.of(Map.of("k", "v".repeat(300)), new byte[1]),
        "headers take more than 256 bytes (maxHeaderBytesPerEvent)");
    assertRefused(Event.of(Map.of(), new byte[1001]), "event body (maxEventBytes) of 1001 bytes");
    Map<String, String> eight = new HashMap<>(nine);
    eight.remove("k8");
    try (RawPeer peer = new RawPeer(server.boundPort(), 0).handshake()) {
      peer.call(1, List.of(Event.of(eight, new byte[1000]))); // at the limits: accepted
    }
  }

  /**
   * N2: a peer that sends calls (empty ones, answered on the I/O thread) and never reads the
   * replies is not read from any more, then closed; what the server holds stays bounded.
   */
  @Test
  void aPeerThatNeverReadsItsRepliesIsStoppedAndClosed() throws Exception {
    long budget = 1 << 20;
    start(b -> b.maxFrameBytes(64 << 10).sendBufferBytes(4096).maxBufferedBytes(budget)
        .writeTimeout(Duration.ofMillis(500)));
    try (RawPeer peer = new RawPeer(server.boundPort(), 4096).handshake()) {
      byte[] pings = pings(1000);
      AtomicLong sent = new AtomicLong();
      CompletableFuture<Void> writer = CompletableFuture.runAsync(() -> {
        try {
          while (true) {
            peer.out.write(pings);
            sent.addAndGet(pings.length);
          }
        } catch (IOException closed) {
          // the server closed the connection: what the test waits for
        }
      });
      long maxHeld = 0;
      long start = System.nanoTime();
      while (!writer.isDone()) {
        assertTrue(System.nanoTime() - start < DEADLINE.toNanos(),
            "peer still connected after sending " + sent.get() + " bytes");
        maxHeld = Math.max(maxHeld, server.bufferedBytes());
        Thread.onSpinWait();
      }
      assertTrue(maxHeld > 0, "unread replies are charged to the budget");
      assertTrue(maxHeld <= budget, "held " + maxHeld);
      // the server stopped reading: the peer could only fill the socket buffers
      assertTrue(sent.get() < 64 << 20, "sent " + sent.get());
      assertOneLogLine(peer, "did not read its replies for 500 ms (writeTimeout)");
    }
    await().atMost(DEADLINE).until(() -> server.bufferedBytes() == 0);
    assertGoodClientWorks();
  }

  /** N3: one address cannot take every slot. */
  @Test
  void thePerPeerCapRefusesOneAddressButNotAnother() throws Exception {
    start(b -> b.maxConnectionsPerPeer(3));
    List<RawPeer> peers = new ArrayList<>();
    try {
      for (int i = 0; i < 3; i++) {
        peers.add(new RawPeer(server.boundPort(), 0).handshake());
      }
      try (RawPeer fourth = new RawPeer(server.boundPort(), 0)) {
        fourth.socket.setSoTimeout((int) DEADLINE.toMillis());
        assertTrue(closedByServer(fourth), "4th connection from 127.0.0.1 accepted");
        assertOneLogLine(fourth, "already has maxConnectionsPerPeer=3 connections");
      }
      try (RawPeer other = new RawPeer(server.boundPort(), 0, "127.0.0.2").handshake()) {
        other.call(1, events(2));
        assertEquals(4, server.openConnections());
      }
    } finally {
      for (RawPeer p : peers) {
        p.close();
      }
    }
  }

  private void assertRefused(Event event, String limit) throws IOException {
    try (RawPeer peer = new RawPeer(server.boundPort(), 0).handshake()) {
      peer.out.write(RawPeer.frame(1, RawPeer.batchPayload(List.of(event))));
      peer.socket.setSoTimeout((int) DEADLINE.toMillis());
      assertTrue(closedByServer(peer), "connection kept after an event over " + limit);
      assertOneLogLine(peer, limit);
    }
  }

  /** Post-handshake ping calls, each answered on the I/O thread. */
  private static byte[] pings(int n) {
    ByteBuf call = Unpooled.buffer();
    CallCodec.writeCallHeader(new AvroWriter(call), CallCodec.PING);
    byte[] one = ByteBufUtil.getBytes(call);
    ByteBuf all = Unpooled.buffer();
    for (int i = 0; i < n; i++) {
      all.writeBytes(RawPeer.frame(i + 1, one));
    }
    return ByteBufUtil.getBytes(all);
  }

  /** Reads until EOF or reset (true) or the socket's read timeout (false); replies are skipped. */
  private static boolean closedByServer(RawPeer peer) throws IOException {
    byte[] buf = new byte[4096];
    try {
      while (peer.in.read(buf) >= 0) {
        // skip replies
      }
      return true;
    } catch (SocketTimeoutException stillOpen) {
      return false;
    } catch (SocketException reset) {
      return true;
    }
  }

  private void assertOneLogLine(RawPeer peer, String what) {
    String address = "127.0.0.1:" + peer.socket.getLocalPort();
    await().atMost(DEADLINE).until(() -> !log.linesContaining(address).isEmpty());
    List<String> lines = log.linesContaining(address);
    assertEquals(1, lines.size(), "exactly one line for " + address + ": " + lines);
    assertContains(lines.get(0), what);
  }

  private void assertGoodClientWorks() throws Exception {
    try (AvroRpcClient good = AvroRpcClient.connect(
        RpcClientConfig.builder("127.0.0.1", server.boundPort()).build())) {
      int before = handler.allEvents().size();
      good.appendBatch(events(5));
      assertEquals(before + 5, handler.allEvents().size());
    }
  }
}
