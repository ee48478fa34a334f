package io.sluice.rpc;

import static io.sluice.rpc.ClientServerTest.assertContains;
import static io.sluice.rpc.ClientServerTest.events;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sluice.api.Event;
import io.sluice.rpc.client.AvroRpcClient;
import io.sluice.rpc.client.RpcClientConfig;
import io.sluice.rpc.protocol.FlumeProtocol;
import io.sluice.rpc.server.AvroRpcServer;
import io.sluice.rpc.server.RpcServerConfig;
import io.sluice.rpc.server.SendBuffers;
import io.sluice.rpc.wire.AvroWriter;
import io.sluice.rpc.wire.CallCodec;
import io.sluice.rpc.wire.HandshakeRequest;
import io.sluice.testpeers.HostilePeers;
import io.sluice.testpeers.PeerSender;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
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
    return start(0, settings);
  }

  /** @param sendBufferBytes each connection's SO_SNDBUF, 0 for the system's */
  private AvroRpcServer start(int sendBufferBytes, UnaryOperator<RpcServerConfig.Builder> settings)
      throws IOException {
    server = new AvroRpcServer(settings.apply(RpcServerConfig.builder().bind("127.0.0.1"))
        .build(), handler);
    if (sendBufferBytes > 0) {
      SendBuffers.small(server, sendBufferBytes);
    }
    server.start();
    return server;
  }

  /** N1: the idle timeout counts time without a complete frame, not time without a byte. */
  @Test
  void tricklingAByteAtATimeIsClosedAtTheCompleteFrameTimeout() throws Exception {
    start(b -> b.idleTimeout(Duration.ofMillis(500)));
    try (RawPeer peer = new RawPeer(server.boundPort(), 0).handshake()) {
      peer.out.write(ByteBuffer.allocate(12).putInt(1).putInt(1).putInt(10_000).array());
      long start = System.nanoTime();
      // a byte every 50 ms: far below the 500 ms timeout, and never the 10,000 promised
      PeerSender.trickle(peer.socket, Duration.ofMillis(50), 10_000);
      peer.socket.setSoTimeout((int) DEADLINE.toMillis());
      assertTrue(closedByServer(peer), "still open while trickling");
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
        hoarders.add(holdPartialFrame(40_000, 60_000));
      }
      await().atMost(DEADLINE).until(() -> !log.linesContaining("(maxBufferedBytes)").isEmpty());
      await().atMost(DEADLINE).until(() -> server.bufferedBytes() <= budget);
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

  /**
   * N1, as the issue says: when partial frames fill the budget, room for a frame on its way in is
   * made by closing the connections that have held theirs longest, not the newcomer, so peers
   * hoarding half frames cannot lock a sender out until their idle timeout.
   */
  @Test
  void aFrameOnItsWayInClosesTheOldestPartialFramesNotItself() throws Exception {
    long budget = 256 << 10;
    start(b -> b.maxFrameBytes(128 << 10).maxBufferedBytes(budget));
    List<Socket> hoarders = new ArrayList<>();
    try {
      for (int i = 0; i < 6; i++) { // 6 x 40 KB held: less than 20 KB of the budget left
        hoarders.add(holdPartialFrame(40_000, 100_000));
        long held = (i + 1) * 40_000L;
        await().atMost(DEADLINE).until(() -> server.bufferedBytes() >= held);
      }
      try (RawPeer sender = new RawPeer(server.boundPort(), 0).handshake()) {
        sender.call(1, List.of(Event.of(new byte[100_000]))); // arrives over several reads
      }
      assertEquals(100_000, handler.allEvents().get(0).getBody().length);
      assertTrue(HostilePeers.closedWithNothingMore(hoarders.get(0).getInputStream()),
          "the oldest hoarder is closed");
      String oldestPeer = "127.0.0.1:" + hoarders.get(0).getLocalPort();
      await().atMost(DEADLINE).until(() -> !log.linesContaining(oldestPeer).isEmpty());
      assertContains(log.linesContaining(oldestPeer).get(0), "bytes of an incomplete frame for",
          "about to go over 262144 (maxBufferedBytes): closed to make room");
      assertTrue(log.linesContaining("127.0.0.1:" + hoarders.get(5).getLocalPort()).isEmpty(),
          "the youngest hoarder is kept");
    } finally {
      for (Socket s : hoarders) {
        s.close();
      }
    }
    await().atMost(DEADLINE).until(() -> server.bufferedBytes() == 0);
  }

  /**
   * N1: calls decoded and waiting for the handler are charged to the same budget, at what they
   * take on the heap (many small headers cost far more than their wire bytes); a call that does
   * not fit is answered FAILED at once, never handed over, and its connection stays usable.
   */
  @Test
  void decodedCallsWaitingForTheHandlerAreChargedAndOneOverTheBudgetIsAnsweredFailed()
      throws Exception {
    CompletableFuture<Void> commit = new CompletableFuture<>();
    handler.answeringWhen(commit);
    long budget = 128 << 10;
    start(b -> b.maxFrameBytes(64 << 10).maxBufferedBytes(budget));
    Map<String, String> headers = new HashMap<>();
    for (int i = 0; i < 200; i++) {
      headers.put("h" + i, "v");
    }
    // about 1.4 KB on the wire, about 27 KB decoded: four fit in 128 KiB, a fifth does not
    byte[] call = RawPeer.frame(1, RawPeer.batchPayload(List.of(Event.of(headers, new byte[0]))));
    List<RawPeer> waiting = new ArrayList<>();
    try {
      for (int i = 1; i <= 4; i++) {
        RawPeer peer = new RawPeer(server.boundPort(), 0).handshake();
        waiting.add(peer);
        peer.out.write(call);
        int handed = i;
        await().atMost(DEADLINE).until(() -> handler.batches.size() == handed);
      }
      long held = server.bufferedBytes();
      assertTrue(held > 4 * 25_000 && held <= budget, "held " + held);
      try (RawPeer over = new RawPeer(server.boundPort(), 0).handshake()) {
        over.socket.setSoTimeout((int) DEADLINE.toMillis());
        over.out.write(call);
        assertArrayEquals(RawPeer.FAILED_REPLY, over.reply(1), "reply to the call over budget");
        assertEquals(4, handler.batches.size(), "the refused call never reached the handler");
        assertOneLogLine(over, "would take the server's buffered bytes over 131072");
        commit.complete(null);
        over.call(2, events(1)); // the same connection, once there is room again
      }
      for (RawPeer peer : waiting) {
        peer.assertOkReply(1);
      }
      await().atMost(DEADLINE).until(() -> server.bufferedBytes() == 0);
    } finally {
      for (RawPeer peer : waiting) {
        peer.close();
      }
    }
    assertGoodClientWorks();
  }

  /**
   * Log flooding (review section 7): a flood of refused connections logs the first few one by
   * one, then one line per interval with the count; every refusal is accounted for.
   */
  @Test
  void aFloodOfRefusedConnectionsIsLoggedAsAFewLinesWithCounts() throws Exception {
    start(b -> b.maxConnectionsPerPeer(1).warnInterval(Duration.ofMillis(300)));
    int flood = 300;
    try (RawPeer holder = new RawPeer(server.boundPort(), 0).handshake()) {
      for (int i = 0; i < flood; i++) {
        try (RawPeer refused = new RawPeer(server.boundPort(), 0)) {
          refused.socket.setSoTimeout((int) DEADLINE.toMillis());
          assertTrue(closedByServer(refused), "connection " + i + " accepted");
        }
      }
      await().atMost(DEADLINE).until(() -> loggedRefusals() == flood);
      List<String> summaries = log.linesContaining("more refused connections in the last 300 ms");
      long oneByOne = log.linesContaining("Refused connection from").size() - summaries.size();
      assertFalse(summaries.isEmpty(), "no summary line");
      assertTrue(oneByOne <= 10L * (summaries.size() + 1),
          oneByOne + " lines one by one, " + summaries.size() + " summaries");
      holder.call(1, events(1));
    }
  }

  /** A connection that sends {@code sent} of the {@code claimed} bytes of a frame's buffer. */
  private Socket holdPartialFrame(int sent, int claimed) throws IOException {
    Socket s = HostilePeers.connect(server.boundPort(), DEADLINE);
    s.getOutputStream().write(ByteBuffer.allocate(12 + sent).putInt(1).putInt(1).putInt(claimed)
        .array());
    return s;
  }

  /** Refusals logged one by one plus those counted in summary lines. */
  private long loggedRefusals() {
    long total = 0;
    for (String line : log.linesContaining("Refused connection from")) {
      int more = line.indexOf(" more refused connections");
      total += more < 0 ? 1 : Long.parseLong(line.substring("WARN ".length(), more));
    }
    return total;
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
    start(4096, b -> b.maxFrameBytes(64 << 10).maxBufferedBytes(budget)
        .writeTimeout(Duration.ofMillis(500)));
    RawPeer peer = floodWithoutReading(pings(1000), budget);
    assertOneLogLine(peer, "did not read its replies for 500 ms (writeTimeout)");
    assertGoodClientWorks();
  }

  /**
   * N2 under a full channel (review §10): batches answered FAILED, as the Avro source answers
   * while its channel is full, to a peer that never reads them are bounded in the same way.
   */
  @Test
  void failedRepliesToAPeerThatNeverReadsAreBoundedAndItIsClosed() throws Exception {
    handler.answering(RpcStatus.FAILED);
    long budget = 1 << 20;
    start(4096, b -> b.maxFrameBytes(64 << 10).maxBufferedBytes(budget)
        .writeTimeout(Duration.ofMillis(500)));
    ByteBuf all = Unpooled.buffer();
    byte[] one = RawPeer.batchPayload(events(1));
    for (int i = 0; i < 200; i++) {
      all.writeBytes(RawPeer.frame(i + 1, one));
    }
    RawPeer peer = floodWithoutReading(ByteBufUtil.getBytes(all), budget);
    assertTrue(handler.batches.size() > 0, "the batches reached the handler");
    // closed once (unread replies reach the budget or the write timeout, whichever comes first);
    // the FAILED answers before that are throttled to a few lines
    String address = "127.0.0.1:" + peer.socket.getLocalPort();
    await().atMost(DEADLINE).until(() -> !log.linesContaining("Closed connection from /"
        + address).isEmpty());
    assertEquals(1, log.linesContaining("Closed connection from /" + address).size());
    assertTrue(log.linesContaining(address).size() <= 12, log.everything());
    handler.answering(RpcStatus.OK);
    assertGoodClientWorks();
  }

  /**
   * Sends {@code calls} over and over from a peer that never reads its replies: the server holds
   * at most {@code budget}, stops reading, closes the peer and frees what it held.
   *
   * @return the peer, closed
   */
  private RawPeer floodWithoutReading(byte[] calls, long budget) throws Exception {
    try (RawPeer peer = new RawPeer(server.boundPort(), 4096).handshake()) {
      PeerSender writer = PeerSender.flood(peer.socket, calls);
      long maxHeld = 0;
      long start = System.nanoTime();
      while (!writer.isDone()) {
        assertTrue(System.nanoTime() - start < DEADLINE.toNanos(),
            "peer still connected after sending " + writer.sent() + " bytes");
        maxHeld = Math.max(maxHeld, server.bufferedBytes());
        Thread.onSpinWait();
      }
      assertTrue(maxHeld > 0, "unread replies are charged to the budget");
      // a refused charge is added then taken back, so a sample may see one over for an instant
      assertTrue(maxHeld <= budget + (64 << 10), "held " + maxHeld);
      // the server stopped reading: the peer could only fill the socket buffers
      assertTrue(writer.sent() < 64 << 20, "sent " + writer.sent());
      await().atMost(DEADLINE).until(() -> server.bufferedBytes() == 0);
      return peer;
    }
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

  /**
   * Review §1 (handshake): a multi-MiB protocol text is refused at the 64 KiB cap before it is
   * parsed, with one line naming the peer; another client is still served.
   */
  @Test
  void aMultiMebibyteHandshakeProtocolTextClosesItsConnection() throws Exception {
    start(b -> b);
    try (RawPeer peer = new RawPeer(server.boundPort(), 0)) {
      byte[] hash = FlumeProtocol.md5();
      ByteBuf hello = Unpooled.buffer();
      AvroWriter w = new AvroWriter(hello);
      new HandshakeRequest(hash, "x".repeat(4 << 20), hash).write(w);
      CallCodec.writeCallHeader(w, CallCodec.PING);
      peer.out.write(RawPeer.frame(0, ByteBufUtil.getBytes(hello)));
      peer.socket.setSoTimeout((int) DEADLINE.toMillis());
      assertTrue(closedByServer(peer), "connection kept after a 4 MiB protocol text");
      assertOneLogLine(peer, "sent handshake clientProtocol of 4194304 bytes, limit 65536");
    }
    assertGoodClientWorks();
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

  /** Skips replies until EOF or reset (true) or the socket's read timeout (false). */
  private static boolean closedByServer(RawPeer peer) throws IOException {
    return HostilePeers.closedByServer(peer.in);
  }

  private void assertOneLogLine(RawPeer peer, String what) {
    HostilePeers.assertOneLogLine(log::linesContaining, peer.socket, what, DEADLINE);
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
