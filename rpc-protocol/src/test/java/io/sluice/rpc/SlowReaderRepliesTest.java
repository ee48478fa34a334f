package io.sluice.rpc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;

import io.sluice.api.Event;
import io.sluice.rpc.server.AvroRpcServer;
import io.sluice.rpc.server.RpcServerConfig;
import io.sluice.rpc.server.SendBuffers;
import java.io.BufferedOutputStream;
import java.io.DataOutputStream;
import java.util.BitSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A peer that pipelines many calls and reads no reply until it has sent them all: the server's
 * replies outgrow the socket buffers, and must still all arrive, whole, each once.
 */
class SlowReaderRepliesTest {
  private static final int CALLS = 20_000;

  private final RecordingHandler handler = new RecordingHandler();
  private AvroRpcServer server;

  @BeforeEach
  void start() throws Exception {
    // Small socket buffers on both ends, so the replies (300 KB) cannot all fit in them.
    server = SendBuffers.small(new AvroRpcServer(RpcServerConfig.builder().bind("127.0.0.1")
        .build(), handler), 8192).start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  @Test
  void everyReplyArrivesWholeWhenThePeerReadsThemLate() throws Exception {
    try (RawPeer peer = new RawPeer(server.boundPort(), 4096).handshake()) {
      byte[] call = RawPeer.batchPayload(
          List.of(Event.of(Map.of("k", "v"), new byte[] {1, 2, 3})));
      DataOutputStream out = new DataOutputStream(new BufferedOutputStream(peer.out));
      for (int serial = 1; serial <= CALLS; serial++) {
        out.write(RawPeer.frame(serial, call));
      }
      out.flush();

      BitSet answered = new BitSet();
      for (int i = 0; i < CALLS; i++) {
        int serial = peer.in.readInt();
        assertEquals(1, peer.in.readInt(), "buffer count of the reply to call " + serial);
        byte[] payload = peer.in.readNBytes(peer.in.readInt());
        assertArrayEquals(RawPeer.OK_REPLY, payload, "reply to call " + serial);
        assertNotEquals(true, answered.get(serial), "call " + serial + " answered twice");
        answered.set(serial);
      }
      assertEquals(CALLS, answered.cardinality());
      assertEquals(1, answered.nextSetBit(0));
      assertEquals(CALLS, handler.batches.size());
    }
  }
}
