package io.sluice.rpc;

import static io.sluice.rpc.ClientServerTest.assertContains;
import static io.sluice.rpc.ClientServerTest.events;
import static io.sluice.testpeers.HostilePeers.assertClosedByServer;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.sluice.rpc.client.AvroRpcClient;
import io.sluice.rpc.client.RpcClientConfig;
import io.sluice.rpc.client.RpcException;
import io.sluice.rpc.server.AvroRpcServer;
import io.sluice.rpc.server.IpFilterRules;
import io.sluice.rpc.server.RpcServerConfig;
import io.sluice.rpc.wire.AvroWriter;
import io.sluice.rpc.wire.CallCodec;
import io.sluice.testpeers.HostilePeers;
import java.io.IOException;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Peers that misbehave lose their own connection, with one log line naming them, while a good
 * client on another connection keeps working.
 */
class HostilePeerTest {
  private static final int MAX_FRAME = 1 << 20;
  private final RecordingHandler handler = new RecordingHandler();
  private AvroRpcServer server;
  private AvroRpcClient good;
  private LogCapture log;

  @BeforeEach
  void start() throws Exception {
    server = new AvroRpcServer(RpcServerConfig.builder().bind("127.0.0.1")
        .maxFrameBytes(MAX_FRAME).maxEventsPerBatch(50).idleTimeout(Duration.ofMillis(300))
        .build(), handler).start();
    good = AvroRpcClient.connect(RpcClientConfig.builder("127.0.0.1", server.boundPort()).build());
    log = LogCapture.capture();
  }

  @AfterEach
  void stop() {
    log.close();
    good.close();
    server.close();
  }

  @Test
  void randomBytes() throws Exception {
    byte[] garbage = HostilePeers.randomBytes(4096, 42);
    try (Socket s = connect()) {
      s.getOutputStream().write(garbage);
      assertClosedByServer(s);
      assertOneLogLineFor(s, "Closed connection");
    }
    assertGoodClientStillWorks();
  }

  @Test
  void hugeBufferLengthIsRefusedWithoutAllocating() throws Exception {
    try (Socket s = connect()) {
      // serial 1, one buffer, claiming 2^31-1 bytes; nothing else follows
      s.getOutputStream().write(ByteBuffer.allocate(12).putInt(1).putInt(1)
          .putInt(Integer.MAX_VALUE).array());
      assertClosedByServer(s); // closed on the header alone: it never waited for (or sized for) 2 GiB
      assertOneLogLineFor(s, "claimed a buffer of 2147483647 bytes");
    }
    assertGoodClientStillWorks();
  }

  @Test
  void hugeBufferCountIsRefused() throws Exception {
    try (Socket s = connect()) {
      s.getOutputStream().write(ByteBuffer.allocate(8).putInt(1).putInt(Integer.MAX_VALUE).array());
      assertClosedByServer(s);
      assertOneLogLineFor(s, "claimed 2147483647 buffers");
    }
    assertGoodClientStillWorks();
  }

  @Test
  void slowlorisHalfFrameIsClosedAfterIdleTimeout() throws Exception {
    try (Socket s = connect()) {
      s.getOutputStream().write(ByteBuffer.allocate(16).putInt(1).putInt(1).putInt(100)
          .putInt(0).array()); // 4 of the 100 promised bytes
      assertClosedByServer(s);
      assertOneLogLineFor(s, "incomplete frame and then no complete frame for 300 ms");
    }
    assertGoodClientStillWorks();
  }

  @Test
  void tlsHelloToPlainPort() throws Exception {
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(null, null, null);
    try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket("127.0.0.1",
        server.boundPort())) {
      s.setSoTimeout(10_000);
      assertThrows(IOException.class, s::startHandshake);
      assertOneLogLineFor(s, "sent a TLS handshake to a plain-text (non-TLS) port");
    }
    assertGoodClientStillWorks();
  }

  @Test
  void batchOverMaxEventsPerBatchClosesThatConnection() throws Exception {
    try (AvroRpcClient greedy = AvroRpcClient.connect(
        RpcClientConfig.builder("127.0.0.1", server.boundPort()).batchSize(51).build())) {
      RpcException e = assertThrows(RpcException.class, () -> greedy.appendBatch(events(51)));
      assertContains(e.getMessage(), "127.0.0.1:" + server.boundPort());
      await().atMost(Duration.ofSeconds(10)).until(
          () -> !log.linesContaining("more than 50 events (maxEventsPerBatch)").isEmpty());
    }
    assertGoodClientStillWorks();
  }

  /** Review §7: a message name carrying CR/LF and an ANSI escape cannot forge or paint a line. */
  @Test
  void anUnknownMessageNameIsLoggedWithoutItsControlCharacters() throws Exception {
    try (RawPeer peer = new RawPeer(server.boundPort(), 0).handshake()) {
      ByteBuf call = Unpooled.buffer();
      CallCodec.writeCallHeader(new AvroWriter(call), "x\r\n2026-12-04 WARN forged\u001b[2J");
      peer.out.write(RawPeer.frame(1, ByteBufUtil.getBytes(call)));
      assertClosedByServer(peer.socket);
      assertOneLogLineFor(peer.socket, "called unknown message 'x??2026-12-04 WARN forged?[2J'");
      assertTrue(log.linesContaining("forged").stream()
          .noneMatch(l -> l.chars().anyMatch(Character::isISOControl)), log.everything());
    }
    assertGoodClientStillWorks();
  }

  @Test
  void ipFilterDeniesByRuleAndLogsThePeer() throws Exception {
    try (AvroRpcServer filtered = new AvroRpcServer(RpcServerConfig.builder().bind("127.0.0.1")
        .ipFilter(IpFilterRules.parse("allow:ip:10.*,deny:ip:127.0.0.?")).build(), handler)
        .start()) {
      RpcException e = assertThrows(RpcException.class, () -> AvroRpcClient.connect(
          RpcClientConfig.builder("127.0.0.1", filtered.boundPort())
              .connectTimeout(Duration.ofSeconds(5)).build()));
      assertContains(e.getMessage(), "127.0.0.1:" + filtered.boundPort());
      await().atMost(Duration.ofSeconds(10)).until(
          () -> !log.linesContaining("denied by ipFilterRules rule 'deny:ip:127.0.0.?'").isEmpty());
    }
  }

  private Socket connect() throws IOException {
    // the read timeout bounds the wait for the server to close, never a sleep
    return HostilePeers.connect(server.boundPort(), Duration.ofSeconds(10));
  }

  private void assertOneLogLineFor(Socket s, String what) {
    HostilePeers.assertOneLogLine(log::linesContaining, s, what, Duration.ofSeconds(10));
  }

  private void assertGoodClientStillWorks() throws RpcException {
    int before = handler.allEvents().size();
    good.appendBatch(events(5));
    assertEquals(before + 5, handler.allEvents().size());
    assertTrue(good.isActive());
  }
}
