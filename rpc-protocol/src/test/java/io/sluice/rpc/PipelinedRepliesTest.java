package io.sluice.rpc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.sluice.rpc.server.AvroRpcServer;
import io.sluice.rpc.server.RpcServerConfig;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Replies to calls answered on the I/O thread leave once per read turn, not one write each: a peer
 * pipelining many small calls costs the server few writes (TCP segments), not one per call.
 */
class PipelinedRepliesTest {
  private static final int CALLS = 2_000;
  private static final Pattern SEGS_OUT = Pattern.compile("segs_out:(\\d+)");

  private AvroRpcServer server;

  @BeforeEach
  void start() throws Exception {
    server = new AvroRpcServer(RpcServerConfig.builder().bind("127.0.0.1").ioThreads(1).build(),
        new RecordingHandler()).start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  /** {@code count} empty {@code appendBatch} calls, serials 1 to {@code count}, in one buffer. */
  private static byte[] emptyBatches(int count) {
    byte[] call = RawPeer.batchPayload(List.of());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int serial = 1; serial <= count; serial++) {
      out.writeBytes(RawPeer.frame(serial, call));
    }
    return out.toByteArray();
  }

  @Test
  void pipelinedCallsAreAnsweredInFarFewerWritesThanReplies() throws Exception {
    assumeTrue(ssRuns(), "needs iproute2's ss, which reports segments per socket");
    try (RawPeer peer = new RawPeer(server.boundPort(), 0).handshake()) {
      byte[] calls = emptyBatches(CALLS);
      long before = serverSegmentsTo(peer);
      peer.out.write(calls); // one write: the server reads them in a few read turns
      for (int serial = 1; serial <= CALLS; serial++) {
        peer.assertOkReply(serial);
      }
      long segments = serverSegmentsTo(peer) - before;
      // one segment per reply before; now one per read turn (and one per 256 replies)
      assertTrue(segments < CALLS / 10, segments + " segments for " + CALLS + " replies");
    }
  }

  /**
   * Segments the server has sent on its connection from {@code peer} ({@code segs_out} of
   * {@code ss -ti}): with TCP_NODELAY each write of a reply is a segment of its own.
   */
  private long serverSegmentsTo(RawPeer peer) throws IOException, InterruptedException {
    Process ss = new ProcessBuilder("ss", "-tinH", "state", "established",
        "( sport = :" + server.boundPort() + " and dport = :" + peer.socket.getLocalPort() + " )")
        .redirectErrorStream(true).start();
    String out = new String(ss.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertEquals(0, ss.waitFor(), out);
    Matcher m = SEGS_OUT.matcher(out);
    assertTrue(m.find(), "no segs_out in: " + out);
    return Long.parseLong(m.group(1));
  }

  private static boolean ssRuns() {
    try {
      Process ss = new ProcessBuilder("ss", "-V").redirectErrorStream(true).start();
      ss.getInputStream().readAllBytes();
      return ss.waitFor() == 0;
    } catch (IOException e) {
      return false;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }
}
