package io.sluice.rpc.server;

import static io.sluice.testpeers.HostilePeers.assertClosedWithNothingMore;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sluice.api.Event;
import io.sluice.rpc.LogCapture;
import io.sluice.rpc.RecordingHandler;
import io.sluice.rpc.client.AvroRpcClient;
import io.sluice.rpc.client.RpcClientConfig;
import io.sluice.rpc.protocol.FlumeProtocol;
import io.sluice.rpc.wire.AvroWriter;
import io.sluice.rpc.wire.CallCodec;
import io.sluice.rpc.wire.HandshakeRequest;
import io.sluice.testpeers.HostilePeers;
import java.io.DataInputStream;
import java.io.IOException;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Review section 1 ("IP filter: reverse DNS on the event loop"): {@code name} rules look peers up
 * off the event loop, so a peer whose PTR lookup hangs or fails holds only its own connection.
 * One I/O thread, so a lookup on it would stall everyone. Real sockets, a real server; only the
 * reverse lookup itself is replaced, by one that is slow or fails on purpose.
 */
class IpFilterNameRulesTest {
  private static final Duration DEADLINE = Duration.ofSeconds(10);
  private final RecordingHandler handler = new RecordingHandler();
  private final CountDownLatch dnsAnswers = new CountDownLatch(1);
  private final Map<String, AtomicInteger> lookups = new ConcurrentHashMap<>();
  private AvroRpcServer server;
  private LogCapture log;

  @BeforeEach
  void capture() {
    log = LogCapture.capture();
  }

  @AfterEach
  void stop() {
    dnsAnswers.countDown();
    log.close();
    if (server != null) {
      server.close();
    }
  }

  private void start(String rules, Function<InetAddress, String> lookup) throws IOException {
    start(rules, lookup, RpcServerConfig.builder().bind("127.0.0.1"));
  }

  private void start(String rules, Function<InetAddress, String> lookup,
      RpcServerConfig.Builder settings) throws IOException {
    server = new AvroRpcServer(settings.ioThreads(1).ipFilter(IpFilterRules.parse(rules)).build(),
        handler)
        .reverseLookup(address -> {
          lookups.computeIfAbsent(address.getHostAddress(), a -> new AtomicInteger())
              .incrementAndGet();
          return lookup.apply(address);
        })
        .start();
  }

  /** 127.0.0.1 is good.example; 127.0.0.2's lookup hangs until the test ends. */
  private String slowFor127002(InetAddress address) {
    if (address.getHostAddress().equals("127.0.0.2")) {
      try {
        dnsAnswers.await();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      return "late.example";
    }
    return "good.example";
  }

  @Test
  void aHangingLookupHoldsOnlyItsOwnConnectionAndIsDecidedWithoutAName() throws Exception {
    start("allow:name:*.example,deny:ip:*", this::slowFor127002);
    try (Socket slow = connectFrom("127.0.0.2")) {
      await().atMost(DEADLINE).until(() -> lookups.containsKey("127.0.0.2"));
      long t0 = System.nanoTime();
      sendFromGoodClient(); // same event loop as the connection whose lookup hangs
      assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(1).toNanos(),
          "the good client waited for another peer's reverse lookup");
      // after the lookup timeout it is decided by its address text: not *.example, so denied
      assertClosedWithNothingMore(slow);
      List<String> lines = log.linesContaining("127.0.0.2:" + slow.getLocalPort());
      assertEquals(1, lines.size(), lines.toString());
      assertTrue(lines.get(0).contains("(host name 127.0.0.2): denied by ipFilterRules rule "
          + "'deny:ip:*'"), lines.get(0));
    }
  }

  /**
   * #16 (Low): idle time does not count while the server is the one not reading. A peer sends its
   * first frame at once, but its host-name lookup (reading off until it is decided) outlasts
   * idleTimeout; it is kept, and once allowed by name its frame is read and answered.
   */
  @Test
  void idleTimeDoesNotCountWhileTheServerWaitsForTheHostName() throws Exception {
    start("allow:name:*.example,deny:ip:*", this::slowFor127002,
        RpcServerConfig.builder().bind("127.0.0.1").idleTimeout(Duration.ofMillis(200)));
    try (Socket peer = connectFrom("127.0.0.2")) {
      byte[] hash = FlumeProtocol.md5();
      ByteBuf hello = Unpooled.buffer();
      AvroWriter w = new AvroWriter(hello);
      new HandshakeRequest(hash, FlumeProtocol.json(), hash).write(w);
      CallCodec.writeCallHeader(w, CallCodec.PING);
      byte[] payload = ByteBufUtil.getBytes(hello);
      hello.release();
      peer.getOutputStream().write(ByteBuffer.allocate(12 + payload.length).putInt(0).putInt(1)
          .putInt(payload.length).put(payload).array());
      await().atMost(DEADLINE).until(() -> lookups.containsKey("127.0.0.2"));
      // four idle timeouts pass with the lookup pending (the name decides within 2 s)
      assertFalse(HostilePeers.closedWithin(peer, Duration.ofMillis(800)),
          "closed as idle while the server was not reading");
      dnsAnswers.countDown(); // late.example: allowed
      peer.setSoTimeout((int) DEADLINE.toMillis());
      DataInputStream in = new DataInputStream(peer.getInputStream());
      assertEquals(0, in.readInt(), "reply serial");
      assertEquals(1, in.readInt(), "reply buffers");
      assertTrue(in.readNBytes(in.readInt()).length > 0, "a handshake reply");
      assertTrue(log.linesContaining("127.0.0.2:" + peer.getLocalPort()).isEmpty(),
          log.everything());
    }
  }

  @Test
  void aFailingLookupCountsAsNoNameAndAnswersAreCached() throws Exception {
    start("allow:name:*.example,deny:ip:*", address -> {
      if (address.getHostAddress().equals("127.0.0.2")) {
        throw new IllegalStateException("SERVFAIL");
      }
      return "good.example";
    });
    try (Socket failing = connectFrom("127.0.0.2")) {
      long t0 = System.nanoTime();
      assertClosedWithNothingMore(failing);
      assertTrue(System.nanoTime() - t0 < Duration.ofSeconds(1).toNanos(),
          "a failed lookup decides at once, not at the timeout");
      await().atMost(DEADLINE).until(() -> !log.linesContaining(
          "127.0.0.2:" + failing.getLocalPort()).isEmpty());
    }
    for (int i = 0; i < 3; i++) {
      sendFromGoodClient();
    }
    assertEquals(1, lookups.get("127.0.0.1").get(), "one lookup for three connections");
    assertEquals(3, handler.batches.size());
  }

  @Test
  void anIpRuleBeforeTheNameRulesDecidesWithoutALookup() throws Exception {
    start("allow:ip:127.0.0.1,deny:name:*", this::slowFor127002);
    sendFromGoodClient();
    assertFalse(lookups.containsKey("127.0.0.1"));
    try (Socket other = connectFrom("127.0.0.3")) {
      assertClosedWithNothingMore(other); // deny:name:* matches whatever the name
      assertTrue(lookups.containsKey("127.0.0.3"));
    }
  }

  private void sendFromGoodClient() throws Exception {
    try (AvroRpcClient good = AvroRpcClient.connect(
        RpcClientConfig.builder("127.0.0.1", server.boundPort()).build())) {
      good.appendBatch(List.of(Event.of(Map.of(), new byte[] {1})));
    }
  }

  private Socket connectFrom(String local) throws IOException {
    // the read timeout bounds the wait for the close, never a sleep
    return HostilePeers.connectFrom(local, server.boundPort(), DEADLINE);
  }
}
